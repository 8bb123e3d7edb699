import { type CalendarDate, compareDates } from '../core/dates.ts';
import { type AchBatch, buildAchFile, parseAchFile } from '../core/nacha.ts';

/**
 * The sandbox bank: reads an origination file the portal wrote and answers the return file a real
 * bank would, returning each debit whose account number is in `returns` with that reason code, so the
 * whole loop (debit → return → reversal and fee) runs on this machine. `null` when nothing returns.
 */
export function sandboxBankReturns(
  originationText: string,
  returns: Readonly<Record<string, string>>,
  today: CalendarDate,
): string | null {
  const parsed = parseAchFile(originationText);
  if (!parsed.ok) throw new Error(`not a valid NACHA file: ${parsed.errors[0]?.message ?? ''}`);
  const { file } = parsed;
  // One bank here plays every receiving bank, and a return entry names the original ODFI.
  const odfiRoutingNumber = file.origin.immediateDestination.trim();
  // A bank returns a debit once it has settled: with time travel the business date (and so the
  // file's entries) can be ahead of today, and a return dated before its debit would make no sense.
  const returnedOn = file.batches.reduce(
    (latest, batch) =>
      compareDates(batch.effectiveEntryDate, latest) > 0 ? batch.effectiveEntryDate : latest,
    today,
  );
  let traceSeq = 0;
  const batches: AchBatch[] = file.batches
    .map((batch) => ({
      secCode: batch.secCode,
      companyName: batch.companyName,
      companyId: batch.companyId,
      companyEntryDescription: batch.companyEntryDescription,
      companyDiscretionaryData: batch.companyDiscretionaryData,
      companyDescriptiveDate: batch.companyDescriptiveDate,
      effectiveEntryDate: returnedOn,
      entries: batch.entries.flatMap((entry) => {
        const reasonCode = returns[entry.accountNumber];
        if (!reasonCode) return [];
        traceSeq += 1;
        return [
          {
            direction: entry.direction,
            accountType: entry.accountType,
            routingNumber: odfiRoutingNumber,
            accountNumber: entry.accountNumber,
            amountCents: entry.amountCents,
            individualId: entry.individualId,
            individualName: entry.individualName,
            discretionaryData: entry.discretionaryData,
            traceSeq,
            return: {
              reasonCode,
              originalTraceNumber: entry.traceNumber,
              dateOfDeath: null,
              originalRdfiId: entry.routingNumber.slice(0, 8),
              addendaInformation: '',
            },
          },
        ];
      }),
    }))
    .filter((batch) => batch.entries.length > 0);
  if (batches.length === 0) return null;
  return buildAchFile({
    // Returns come back through the lender's own bank, so the file's ends stay as they were.
    origin: { ...file.origin, odfiRoutingNumber, referenceCode: 'RETURNS' },
    fileCreation: { date: returnedOn, time: '06:00' },
    fileIdModifier: 'A',
    batches,
  });
}
