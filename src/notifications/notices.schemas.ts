import { z } from 'zod';

/** The notices on the dashboard: each kind carries the figures its message shows. */
const common = {
  id: z.number().int(),
  contractNumber: z.string(),
  occurredOn: z.string(),
};

export const paymentReturnedDetails = z.object({
  paymentReceivedOn: z.string(),
  amountCents: z.number().int(),
  returnedPaymentFeeCents: z.number().int(),
});
export const statementReadyDetails = z.object({
  statementDate: z.string(),
  amountDueCents: z.number().int(),
});
export const requestAnsweredDetails = z.object({ requestKind: z.string() });
/** A grant of access to someone not on the contract was made, changed, accepted or ended. */
export const grantChangedDetails = z.object({
  change: z.enum(['invited', 'accepted', 'changed', 'revoked', 'left']),
  name: z.string(),
});
/** Someone a holder let pay (a grant of view and pay) made a payment: the name the holder gave them. */
export const granteePaymentDetails = z.object({
  name: z.string(),
  amountCents: z.number().int(),
  effectiveDate: z.string(),
  status: z.enum(['posted', 'scheduled']),
});

export const notice = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('payment_returned'), details: paymentReturnedDetails }),
  z.object({ ...common, kind: z.literal('statement_ready'), details: statementReadyDetails }),
  z.object({ ...common, kind: z.literal('request_answered'), details: requestAnsweredDetails }),
  z.object({ ...common, kind: z.literal('grant_changed'), details: grantChangedDetails }),
  z.object({ ...common, kind: z.literal('grantee_payment'), details: granteePaymentDetails }),
]);
export type Notice = z.infer<typeof notice>;

export const noticesResponse = z.object({ notices: z.array(notice) });
export type NoticesResponse = z.infer<typeof noticesResponse>;

export const noticeParams = z.strictObject({
  id: z.coerce.number({ error: 'The notice id is a number.' }).int().positive(),
});
