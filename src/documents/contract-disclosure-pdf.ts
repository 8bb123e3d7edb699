import type { CalendarDate } from '../core/dates.ts';
import { type LateFeeRule, lateFeeRuleFor, returnedPaymentFeeFor } from '../core/late-fees.ts';
import { mileageAllowance } from '../core/lease-end.ts';
import { LENDER } from '../core/lender.ts';
import { cents, multiplyCents } from '../core/money.ts';
import type { ServicedContract, ServicedLease, ServicedLoan } from '../db/contracts.ts';
import { letterhead, longDate, startTaggedPdf, type TaggedPdf, usd } from '../platform/pdf.ts';

/**
 * A contract's disclosures as the customer signed them, rendered again from the terms as boarded:
 * the Truth in Lending box of a retail installment contract (Reg Z §1026.18) or the consumer lease
 * disclosures (Reg M §1013.4). It is a copy for reference: the signed contract governs.
 */
export type ContractDisclosureInput = {
  contract: ServicedContract;
  /** Boarded figures the servicing view leaves out; null when the origination system did not send them. */
  cashPriceCents: number | null;
  downPaymentCents: number | null;
  amountDueAtSigningCents: number | null;
  parties: string[];
  vehicle: { year: number; make: string; model: string; trim: string | null; vin: string } | null;
};

const GOVERNS = 'Rendered from the terms as boarded; the signed contract governs.';

/** "5% of the payment, at most $25.00, if it is more than 10 days late" from the state's rule. */
function lateChargeText(rule: LateFeeRule): string {
  const limits = [
    rule.minimumCents > 0 ? `at least ${usd(rule.minimumCents)}` : null,
    rule.capCents !== null ? `at most ${usd(rule.capCents)}` : null,
  ].filter(Boolean);
  return `Late charge: if a payment is more than ${rule.graceDays} days late, you will be charged ${rule.percent}% of the payment${limits.length ? ` (${limits.join(', ')})` : ''}.`;
}

function vehicleLine(input: ContractDisclosureInput): string | null {
  const v = input.vehicle;
  return v ? `Vehicle: ${[v.year, v.make, v.model, v.trim].filter(Boolean).join(' ')}, VIN ${v.vin}` : null;
}

/** Label and figure pairs as a two-column tagged table. */
function figures(pdf: TaggedPdf, rows: [string, string][]): void {
  pdf.table(
    [
      { header: 'Item', width: 330 },
      { header: 'Amount', width: 130, align: 'right' },
    ],
    rows,
  );
}

function loanDisclosure(pdf: TaggedPdf, input: ContractDisclosureInput, loan: ServicedLoan): void {
  pdf.heading('Federal Truth in Lending disclosures');
  const totalSalePrice =
    input.downPaymentCents === null ? null : loan.totalOfPayments + input.downPaymentCents;
  pdf.table(
    [
      { header: 'Disclosure', width: 170 },
      { header: 'What it means', width: 190 },
      { header: 'Amount', width: 100, align: 'right' },
    ],
    [
      ['Annual percentage rate', 'The cost of your credit as a yearly rate.', `${loan.aprPercent}%`],
      ['Finance charge', 'The dollar amount the credit will cost you.', usd(loan.financeCharge)],
      [
        'Amount financed',
        'The amount of credit provided to you or on your behalf.',
        usd(loan.amountFinanced),
      ],
      [
        'Total of payments',
        'The amount you will have paid after you have made all payments as scheduled.',
        usd(loan.totalOfPayments),
      ],
      ...(totalSalePrice === null
        ? []
        : [
            [
              'Total sale price',
              `The total cost of your purchase on credit, including your down payment of ${usd(input.downPaymentCents!)}.`,
              usd(totalSalePrice),
            ],
          ]),
    ],
  );
  pdf.heading('Payment schedule');
  const regular = loan.finalPayment === loan.payment ? loan.termMonths : loan.termMonths - 1;
  const rows = [
    [String(regular), usd(loan.payment), `Monthly, beginning ${longDate(loan.firstPaymentDate)}`],
  ];
  if (regular < loan.termMonths)
    rows.push(['1', usd(loan.finalPayment), `Final payment, ${longDate(loan.maturityDate)}`]);
  pdf.table(
    [
      { header: 'Number of payments', width: 120 },
      { header: 'Amount of each payment', width: 130, align: 'right' },
      { header: 'When payments are due', width: 210 },
    ],
    rows,
  );
  if (input.cashPriceCents !== null) pdf.paragraph(`Cash price: ${usd(input.cashPriceCents)}.`);
  pdf.paragraph('Security: you are giving a security interest in the vehicle being purchased.');
  pdf.paragraph(`${lateChargeText(lateFeeRuleFor(loan.governingState))}`);
  pdf.paragraph(
    'Prepayment: if you pay off early, you will not have to pay a penalty. Interest is charged daily on the unpaid principal, so paying early means paying less interest.',
  );
  pdf.paragraph(
    'See your contract for any additional information about nonpayment, default, any required repayment in full before the scheduled date, and prepayment refunds and penalties.',
  );
}

function leaseDisclosure(pdf: TaggedPdf, input: ContractDisclosureInput, lease: ServicedLease): void {
  pdf.heading('Federal Consumer Leasing Act disclosures');
  const monthlyTotal = multiplyCents(lease.payment, lease.termMonths);
  const allowance = mileageAllowance(lease.mileageAllowancePerYear, lease.termMonths);
  figures(pdf, [
    ...(input.amountDueAtSigningCents === null
      ? []
      : ([['Amount due at lease signing or delivery', usd(input.amountDueAtSigningCents)]] as [
          string,
          string,
        ][])),
    [
      `Monthly payments: ${lease.termMonths} payments of ${usd(lease.payment)}, the first due ${longDate(lease.firstPaymentDate)}; the total of your monthly payments`,
      usd(monthlyTotal),
    ],
    ['Other charges: disposition fee, if you do not purchase the vehicle', usd(lease.dispositionFee)],
    ['Total of payments: the amount you will have paid by the end of the lease', usd(lease.totalOfPayments)],
  ]);
  pdf.heading('How your monthly payment is figured');
  figures(pdf, [
    ['Gross capitalized cost', usd(lease.grossCapCost)],
    ['Capitalized cost reduction', usd(lease.capCostReduction)],
    ['Adjusted capitalized cost', usd(lease.adjustedCapCost)],
    ['Residual value', usd(lease.residualValue)],
    ['Depreciation and any amortized amounts', usd(lease.depreciation)],
    ['Rent charge', usd(lease.rentCharge)],
    ['Total of base monthly payments', usd(cents(lease.depreciation + lease.rentCharge))],
    ['Lease term', `${lease.termMonths} months`],
    ['Base monthly payment', usd(lease.basePayment)],
    ['Monthly sales or use tax', usd(lease.monthlyTax)],
    ['Total monthly payment', usd(lease.payment)],
  ]);
  pdf.paragraph(`Money factor: ${lease.moneyFactor}.`);
  pdf.paragraph(
    'Early termination: you may have to pay a substantial charge if you end this lease early. The charge may be up to several thousand dollars. The actual charge will depend on when the lease is terminated. The earlier you end the lease, the greater this charge is likely to be.',
  );
  pdf.paragraph(
    `Excessive wear and use: you may be charged for excessive wear based on our standards for normal use, and for mileage in excess of ${allowance.toLocaleString('en-US')} miles (${lease.mileageAllowancePerYear.toLocaleString('en-US')} a year) at the rate of ${usd(lease.excessMileageRateCents)} per mile.`,
  );
  pdf.paragraph(
    `Purchase option at end of lease term: you have an option to purchase the vehicle at the end of the lease term for ${usd(lease.purchaseOptionPrice)}.`,
  );
  pdf.paragraph(lateChargeText(lateFeeRuleFor(lease.governingState)));
  pdf.paragraph(
    'See your lease for additional information on early termination, purchase options, maintenance responsibilities, warranties, late and default charges, insurance, and any security interest.',
  );
}

export function renderContractDisclosure(input: ContractDisclosureInput): Promise<Buffer> {
  const { contract } = input;
  const isLoan = contract.kind === 'retail_installment';
  const name = isLoan ? 'Truth in Lending disclosure' : 'Consumer lease disclosure';
  const pdf = startTaggedPdf({
    title: `${name}, account ${contract.contractNumber}`,
    subject: name,
    author: LENDER.name,
    date: contract.contractDate as CalendarDate,
  });
  letterhead(pdf);
  pdf.block('H1', () => pdf.doc.font('Helvetica-Bold').fontSize(20).text(name).moveDown(0.5));
  pdf.paragraph(GOVERNS);
  pdf.paragraph(
    `Account: ${contract.contractNumber} (${isLoan ? 'retail installment contract' : 'lease'}), dated ${longDate(contract.contractDate)}`,
  );
  pdf.paragraph(`${isLoan ? 'Buyer' : 'Lessee'}: ${input.parties.join(', ')}`);
  const vehicle = vehicleLine(input);
  if (vehicle) pdf.paragraph(vehicle);
  if (contract.kind === 'retail_installment') loanDisclosure(pdf, input, contract);
  else leaseDisclosure(pdf, input, contract);
  pdf.paragraph(
    `Returned payment: a payment your bank returns may bring a fee of ${usd(returnedPaymentFeeFor(contract.governingState))}.`,
  );
  pdf.paragraph(`${GOVERNS} Questions? Call ${LENDER.phone}, ${LENDER.hours}.`);
  return pdf.finish();
}
