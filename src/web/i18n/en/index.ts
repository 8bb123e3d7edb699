import { accounts } from './accounts.ts';
import { calculators } from './calculators.ts';
import { common } from './common.ts';
import { documents } from './documents.ts';
import { fleetDocuments } from './fleet-documents.ts';
import { fleetInsights } from './fleet-insights.ts';
import { grants } from './grants.ts';
import { identity } from './identity.ts';
import { organizations } from './organizations.ts';
import { payments } from './payments.ts';
import { staff } from './staff.ts';

/**
 * English texts, one file per capability (as the pages are). Another language is a folder with the
 * same files of the same shapes (`es/`), registered in `setup.ts`. Field texts live under
 * `<page>.fields.<field>`: `label`, `description` and, where the generic wording of
 * `validation.<kind>` is not precise enough, `errors.<problem>`. A rule with no text here (the APR's
 * ceiling, say) shows the API schema's own message, so a limit changed on the server is never
 * contradicted by a stale copy of it.
 */
export const en = {
  ...common,
  ...calculators,
  ...identity,
  ...accounts,
  ...payments,
  ...documents,
  ...staff,
  ...organizations,
  ...fleetDocuments,
  ...fleetInsights,
  ...grants,
};

/** The shape every language has. */
export type Messages = typeof en;
