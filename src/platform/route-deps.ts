import type { Database } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';

/**
 * What the app (http/app.ts) hands every capability's routes. A capability that needs more (the
 * payment gateway, the movable clock) says so in its own type beside its routes.
 */
export type RouteDeps = {
  config: Config;
  database: Database;
  clock: Clock;
  /** The portal's 32-byte secret key (see platform/secret-key.ts). */
  secretKey: Buffer;
};
