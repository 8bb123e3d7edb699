export { accountRoutes } from './accounts.routes.ts';
export { accountActivityRoutes } from './activity.routes.ts';
export { noticeRoutes } from './notices.routes.ts';
export { accountPayoffRoutes } from './payoff.routes.ts';
export { profileRoutes } from './profile.routes.ts';
export { accountVehicleRoutes } from './vehicle.routes.ts';
export { readingsOf, recordOdometerReading, refreshFleetMileage, trackerOf } from './vehicle.ts';
