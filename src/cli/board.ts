import type { Writable } from 'node:stream';
import type { BoardingResult, RowError } from '../servicing/index.ts';
import { readContractFile } from './contract-file.ts';

export type BoardFileOptions = { url: string; apiKey: string; skipInvalid: boolean };

function describeRow(error: RowError): string {
  const contract = error.contractNumber ? ` (${error.contractNumber})` : '';
  return `  row ${error.row}${contract}: ${error.field}: ${error.reason}`;
}

/** Sends a file's contracts to the portal as one batch and prints what happened. Returns the exit code. */
export async function boardFile(file: string, options: BoardFileOptions, out: Writable): Promise<number> {
  const contracts = await readContractFile(file);
  const response = await fetch(new URL('/api/v1/admin/contract-batches', options.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
    body: JSON.stringify({ contracts, skipInvalid: options.skipInvalid }),
  });
  const body = (await response.json()) as BoardingResult & {
    error?: { message: string; errors?: RowError[] };
  };
  if (!response.ok) {
    out.write(`Boarding failed: ${body.error?.message ?? response.statusText}\n`);
    for (const e of body.error?.errors ?? []) out.write(`${describeRow(e)}\n`);
    return 1;
  }
  const skippedRows = new Set(body.skipped.map((e) => e.row)).size;
  out.write(
    `Boarded ${body.boarded.length}, already boarded ${body.unchanged.length}, skipped ${skippedRows} invalid row${skippedRows === 1 ? '' : 's'}.\n`,
  );
  for (const e of body.skipped) out.write(`${describeRow(e)}\n`);
  if (body.aprMismatches.length > 0) {
    out.write(
      `Boarded with a disclosed APR outside the Regulation Z tolerance (flagged for review): ${body.aprMismatches.join(', ')}\n`,
    );
  }
  return 0;
}
