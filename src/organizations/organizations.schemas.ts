import { z } from 'zod';
import { newUserId, registrationCompleteRequest } from '../identity/registration.schemas.ts';
import { freeText } from '../platform/fields.schemas.ts';

/** An organization's requests and answers, judged alike by the API and the fleet pages' forms. */

export const organizationRole = z.enum(['admin', 'manager', 'viewer', 'driver'], {
  error: 'The role must be admin, manager, viewer or driver.',
});

export const organizationAction = z.enum([
  'organization.view',
  'organization.view_finances',
  'organization.pay',
  'organization.manage_fleet',
  'organization.report_odometer',
  'organization.manage_members',
  'organization.manage_settings',
]);

export const organizationParams = z.strictObject({
  organizationId: z.uuid('There is no such organization.'),
});
export const memberParams = organizationParams.extend({ userId: z.uuid('There is no such member.') });
export const invitationParams = organizationParams.extend({
  invitationId: z.uuid('There is no such invitation.'),
});

const email = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter an email address such as name@example.com.'));

export const invitationRequest = z.strictObject({ email, role: organizationRole });
export const memberRoleRequest = z.strictObject({ role: organizationRole });

// Any malformed token is answered as an unknown one (ORGANIZATIONS.INVALID_INVITATION).
const token = z
  .string({ error: 'The invitation link is missing its token.' })
  .max(200, 'The link is not valid.');
export const invitationTokenRequest = z.strictObject({ token });
export const joinRequest = z.strictObject({
  token,
  displayName: freeText('Your name', { max: 80 }),
  userId: newUserId,
  password: registrationCompleteRequest.shape.password,
});

const isoInstant = z.iso.datetime({ offset: true });

export const organizationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  role: organizationRole,
  actions: z.array(organizationAction),
});
export const organizationDetail = organizationSummary.extend({
  contractCount: z.number().int(),
  limits: z.object({ bulkPaymentMaxCents: z.number().int(), dailyPaymentMaxCents: z.number().int() }),
});
export const organizationsResponse = z.object({ organizations: z.array(organizationSummary) });

export const invitationSummary = z.object({
  id: z.uuid(),
  email: z.string(),
  role: organizationRole,
  createdAt: isoInstant,
  expiresAt: isoInstant,
});
export const membersResponse = z.object({
  members: z.array(
    z.object({
      userId: z.uuid(),
      loginId: z.string(),
      displayName: z.string(),
      email: z.string(),
      role: organizationRole,
      addedAt: isoInstant,
    }),
  ),
  invitations: z.array(invitationSummary),
});

export const invitationDescription = z.object({
  organizationName: z.string(),
  role: organizationRole,
  email: z.string(),
  expiresAt: isoInstant,
});
export const joinedResponse = z.object({ organizationId: z.uuid(), role: organizationRole });
export const joinResponse = z.object({ next: z.enum(['enrol', 'done']) });

export type OrganizationSummary = z.infer<typeof organizationSummary>;
export type OrganizationDetail = z.infer<typeof organizationDetail>;
export type MembersResponse = z.infer<typeof membersResponse>;
