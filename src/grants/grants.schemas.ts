import { z } from 'zod';
import { emailAddress } from '../identity/contact-details.schemas.ts';
import { newUserId, registrationCompleteRequest } from '../identity/registration.schemas.ts';
import { calendarDateField, freeText } from '../platform/fields.schemas.ts';
import { contractNumberParams } from '../servicing/servicing.schemas.ts';

/** Grants' requests and answers, judged alike by the API and the account pages' forms. */

export const grantPermission = z.enum(['view', 'view_and_pay'], {
  error: 'The permission must be view or view_and_pay.',
});

/**
 * Where a grant stands: `invited` (the link not yet used), `active`, or ended: `expired` (its end
 * date passed, the contract ended, or the link lapsed unused), `revoked` by a holder, `left` by the grantee.
 */
export const grantState = z.enum(['invited', 'active', 'expired', 'revoked', 'left']);

const endsOn = calendarDateField('The end date');

export const grantRequest = z.strictObject({
  name: freeText('The name', { max: 80 }),
  email: emailAddress,
  permission: grantPermission,
  endsOn: endsOn.optional(),
});
export type GrantRequest = z.infer<typeof grantRequest>;

/** A change of permission and/or end date; `endsOn: null` removes the end date. */
export const grantChange = z
  .strictObject({ permission: grantPermission.optional(), endsOn: endsOn.nullable().optional() })
  .refine((change) => change.permission !== undefined || change.endsOn !== undefined, {
    message: 'Name a new permission or end date.',
    path: ['permission'],
  });
export type GrantChange = z.infer<typeof grantChange>;

export const accountGrantParams = contractNumberParams.extend({ grantId: z.uuid('There is no such grant.') });
export const grantParams = z.strictObject({ grantId: z.uuid('There is no such grant.') });

// Any malformed token is answered as an unknown one (GRANTS.INVALID_INVITATION).
const token = z
  .string({ error: 'The invitation link is missing its token.' })
  .max(200, 'The link is not valid.');
export const grantAcceptRequest = z.strictObject({ token });

/** Accepting without a login: the new login's name, User ID and password, judged as registration judges them. */
export const grantJoinRequest = z.strictObject({
  token,
  displayName: freeText('Your name', { max: 80 }),
  userId: newUserId,
  password: registrationCompleteRequest.shape.password,
});
export type GrantJoinRequest = z.infer<typeof grantJoinRequest>;
export const grantJoinResponse = z.object({ next: z.enum(['enrol', 'done']) });

const isoInstant = z.iso.datetime({ offset: true });

/** What an invitation link offers, before accepting: from whom, what, until when, for which address (masked). */
export const grantInvitationDescription = z.object({
  grantedBy: z.string().describe('The display name of the holder who invited'),
  permission: grantPermission,
  endsOn: z.string().nullable(),
  email: z.string().describe('The invited address, masked'),
  expiresAt: isoInstant,
  vehicle: z.string().nullable().describe('Such as "2024 Toyota RAV4"'),
});

/** A grant as a holder of the contract sees it. */
export const accountGrant = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  permission: grantPermission,
  endsOn: z.string().nullable(),
  state: grantState,
  createdAt: isoInstant,
  acceptedAt: isoInstant.nullable(),
  invitationExpiresAt: isoInstant.nullable(),
});
export const accountGrantsResponse = z.object({ grants: z.array(accountGrant) });

/** A grant as its grantee sees it: whose account, what it allows, until when. */
export const heldGrant = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  grantedBy: z.string(),
  permission: grantPermission,
  endsOn: z.string().nullable(),
  state: grantState,
  acceptedAt: isoInstant.nullable(),
});
export const heldGrantsResponse = z.object({ grants: z.array(heldGrant) });

/** A contract's grant as the support console shows it (the address masked). */
export const staffGrant = accountGrant.extend({
  grantedBy: z.string(),
  endedAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe('When it was revoked or left; null while live or when it lapsed'),
  endedByStaff: z.boolean(),
  endReason: z.string().nullable().describe('The reason staff gave when they ended it'),
});
export const staffGrantsResponse = z.object({ grants: z.array(staffGrant) });
export const staffGrantEndRequest = z.strictObject({
  // At least 3 characters (code points, as the length limit counts them): a reason, not a keystroke.
  reason: freeText('The reason', { max: 500, multiline: true }).refine(
    (reason) => [...reason].length >= 3,
    'The reason must be at least 3 characters.',
  ),
});
