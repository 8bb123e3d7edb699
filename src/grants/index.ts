export { grantRoutes } from './grants.routes.ts';
export { acceptGrant, inviteGrant, staffContractGrants, staffEndGrant } from './grants.ts';
