/**
 * The lender the portal speaks for: its name, mailing address and phone, as letters and pages show
 * them. This is the one place to change them for a deployment (the demo lender is fictional; its
 * phone number is in the 555-01xx range reserved for fiction).
 *
 * The wire and ACH details are placeholders on purpose: a portal must never invite money to an
 * account nobody has confirmed. A lender that publishes real details replaces them here and sets
 * `placeholder` to false; until then every page and letter labels them and says to call first.
 */
export type LenderAddress = { line1: string; line2?: string; city: string; state: string; zip: string };

export const LENDER = {
  name: 'Autofin Demo Lending, LLC',
  /** Where customers and dealers mail payoff checks. */
  payoffAddress: {
    line1: 'Attn: Payoff Department',
    line2: 'PO Box 550155',
    city: 'Columbus',
    state: 'OH',
    zip: '43255-0155',
  } satisfies LenderAddress,
  phone: '1-800-555-0199',
  hours: 'Monday to Friday, 8 a.m. to 8 p.m. Eastern',
  /**
   * How the lender appears in the ACH files it sends its bank (the ODFI): fictional values that pass
   * the format checks, to be replaced with those the bank assigns.
   */
  ach: {
    odfiRoutingNumber: '011000015',
    bankName: 'EXAMPLE BANK',
    /** "1" followed by the lender's EIN. */
    companyId: '1987654321',
    companyName: 'AUTOFIN DEMO',
    /** What the customer's bank statement shows beside the debit. */
    entryDescription: 'LOAN PMT',
  },
  funds: {
    placeholder: true,
    bankName: 'EXAMPLE BANK, N.A.',
    routingNumber: '000000000',
    accountNumber: '0000000000',
  },
} as const;

/** The address as the lines of an envelope. */
export function addressLines(address: LenderAddress): string[] {
  return [
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.city}, ${address.state} ${address.zip}`,
  ];
}
