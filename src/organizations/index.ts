export { organizationRoutes } from './organizations.routes.ts';
export {
  DEFAULT_BULK_PAYMENT_MAX_CENTS,
  DEFAULT_DAILY_PAYMENT_MAX_CENTS,
  requireOrganization,
} from './organizations.ts';
