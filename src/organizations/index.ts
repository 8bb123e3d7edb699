export { bulkPaymentRoutes } from './bulk-payments.routes.ts';
export { postDueBulkPayments } from './bulk-payments.ts';
export { businessRegistrationRoutes } from './business-registration.routes.ts';
export {
  cutOrganizationStatements,
  organizationStatementDate,
  writeOrganizationPrintFile,
} from './combined-statement.ts';
export { organizationRoutes } from './organizations.routes.ts';
export {
  DEFAULT_BULK_PAYMENT_MAX_CENTS,
  DEFAULT_DAILY_PAYMENT_MAX_CENTS,
  requireOrganization,
} from './organizations.ts';
export { organizationReportRoutes } from './reports.routes.ts';
export { organizationStatementRoutes } from './statements.routes.ts';
