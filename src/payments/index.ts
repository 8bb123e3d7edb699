export { importAchReturns, settleMaturedPayments, writeAchFile } from './ach.ts';
export { autopayRoutes } from './autopay.routes.ts';
export { autopayStatuses } from './autopay.ts';
export { renderAutopayAuthorization } from './autopay-authorization-pdf.ts';
export { runAutopayStep } from './autopay-debits.ts';
export { mailOrganizationAdmins } from './bulk-debits.ts';
export { guestPaymentRoutes } from './guest-payments.routes.ts';
export type { PaymentGateway } from './payment-gateway.ts';
export {
  paymentMethodRoutes,
  refusalResponse as paymentMethodRefusalResponse,
} from './payment-methods.routes.ts';
export {
  addBankAccount,
  listPaymentMethods,
  type PaymentMethodsDeps,
  removePaymentMethod,
} from './payment-methods.ts';
export { payerOf, paymentRoutes, paymentSettingsOf } from './payments.routes.ts';
export type { PaidBy } from './payments.schemas.ts';
export {
  newConfirmationNumber,
  type Payer,
  type PaymentSettings,
  paidByOfEntries,
  paymentDates,
  planOn,
  planPayment,
  postBankOrders,
  postDuePayments,
  postOrder,
  requireUsableMethod,
} from './payments.ts';
export { sandboxBankReturns } from './sandbox-bank.ts';
export { sandboxGatewayRoutes } from './sandbox-gateway.routes.ts';
export { SANDBOX_ACH_RETURNS, sandboxPaymentGateway } from './sandbox-gateway.ts';
