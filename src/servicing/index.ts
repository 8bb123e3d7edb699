export { adminContractRoutes } from './boarding.routes.ts';
export type { BoardingContractInput, BoardingPartyInput } from './boarding.schemas.ts';
export type { BoardingResult, RowError } from './boarding.ts';
export { boardContracts, countContracts } from './boarding.ts';
export { calculatorRoutes } from './calculators.routes.ts';
export { partiesOf, vehicleOf } from './contract-parties.ts';
export { contractsDueOn } from './contracts-due.ts';
export { recordDelinquency } from './delinquency.ts';
export { assessLateFees } from './late-fees.ts';
export type { LedgerCheck, StoredLedgerCheck } from './ledger.ts';
export { checkLedger, latestLedgerCheck, recordLedgerCheck } from './ledger.ts';
export type { PaymentInput } from './payment-posting.ts';
export {
  leaseOwed,
  PaymentLineRefused,
  postPayment,
  postPayments,
  reversePayment,
  splitLeasePayment,
  splitLoanPayment,
} from './payment-posting.ts';
export type { PayoffLetterInput } from './payoff.schemas.ts';
export { customerPayoffResponse, PAYOFF_WINDOW_DAYS, payoffLetterInput } from './payoff.schemas.ts';
export type { PositionSummary } from './position-store.ts';
export type { PositionMismatch } from './positions.ts';
export { refreshPositions } from './positions.ts';
export { adminServicingRoutes } from './servicing.routes.ts';
export { contractNumberParams, payoffQuery } from './servicing.schemas.ts';
export type { LedgerFilter, LedgerTransaction, Position } from './servicing.ts';
export {
  contractInstallments,
  contractPayoff,
  contractSchedule,
  contractStatus,
  leaseOutstanding,
  ledgerEntries,
  loanPayoff,
  payoffAnswer,
  positionOf,
  positionSummaries,
  positionsOf,
  requireContract,
  statusOf,
  unappliedOf,
} from './servicing.ts';
