import type { Messages } from '../en/index.ts';
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
 * Spanish texts for customers in the US (usted; amounts stay in US dollars). Each file is typed as
 * its English twin, so a key missing here fails the typecheck. Placeholders (`{{x}}`) and plural
 * suffixes follow `en/`.
 */
export const es: Messages = {
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
