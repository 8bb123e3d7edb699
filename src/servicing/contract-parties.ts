import { asc, eq } from 'drizzle-orm';
import { addressLines } from '../core/lender.ts';
import type { Db } from '../db/database.ts';
import { contractParties, customers, vehicles } from '../db/schema.ts';

/**
 * The names on a contract, the primary party first (then by name), and the primary party's mailing
 * address as lines: what letters, statements and tax statements print.
 */
export async function partiesOf(
  db: Db,
  contractId: string,
): Promise<{ names: string[]; addressLines: string[] }> {
  const rows = await db
    .select({
      role: contractParties.role,
      firstName: customers.firstName,
      lastName: customers.lastName,
      businessName: customers.businessName,
      line1: customers.addressLine1,
      line2: customers.addressLine2,
      city: customers.city,
      state: customers.state,
      zip: customers.zip,
    })
    .from(contractParties)
    .innerJoin(customers, eq(customers.id, contractParties.customerId))
    .where(eq(contractParties.contractId, contractId))
    .orderBy(asc(customers.lastName), asc(customers.firstName));
  rows.sort((a, b) => Number(b.role === 'primary') - Number(a.role === 'primary'));
  const primary = rows[0];
  return {
    names: rows.map((r) => r.businessName ?? `${r.firstName} ${r.lastName}`),
    addressLines: primary
      ? addressLines({
          line1: primary.line1,
          ...(primary.line2 ? { line2: primary.line2 } : {}),
          city: primary.city,
          state: primary.state,
          zip: primary.zip,
        })
      : [],
  };
}

/** The contract's vehicle as documents describe it (year, make, model, trim, VIN, new or used), if boarded with one. */
export async function vehicleOf(db: Db, contractId: string) {
  const [row] = await db
    .select({
      year: vehicles.year,
      make: vehicles.make,
      model: vehicles.model,
      trim: vehicles.trim,
      vin: vehicles.vin,
      condition: vehicles.condition,
    })
    .from(vehicles)
    .where(eq(vehicles.contractId, contractId));
  return row ?? null;
}
