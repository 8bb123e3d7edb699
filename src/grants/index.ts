export { grantRoutes } from './grants.routes.ts';
export { staffContractGrants, staffEndGrant } from './grants.ts';
