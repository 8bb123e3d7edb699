import {
  type GuestIdentityRequest,
  type GuestPaymentRequest,
  guestAccount,
  guestPaymentPreview,
  guestPaymentReceipt,
} from '../../payments/guest-payments.schemas.ts';
import { postForm, withChallenge } from './challenge.ts';
import { requestJson } from './client.ts';

// Paying without signing in, as `src/payments/guest-payments.routes.ts` serves it. Each request is a throttled
// public form: after a few, the server asks for the proof-of-work challenge, solved here.

/** Step one: the contract proved, what is due on it. */
export function identifyGuest(request: GuestIdentityRequest) {
  return postForm('/api/v1/guest-payments/identify', request, guestAccount);
}

export function previewGuestPayment(request: GuestPaymentRequest) {
  return postForm('/api/v1/guest-payments/preview', request, guestPaymentPreview);
}

/**
 * Pays. The key is made once per review and sent again on a retry (and with the solved challenge),
 * so a double press or a retry after a lost answer gets the first payment back instead of paying twice.
 */
export function payAsGuest(request: GuestPaymentRequest, idempotencyKey: string) {
  return withChallenge(
    async (solution) =>
      (
        await requestJson('POST', '/api/v1/guest-payments', request, guestPaymentReceipt, {
          'idempotency-key': idempotencyKey,
          ...(solution ? { 'x-challenge': solution } : {}),
        })
      ).data,
  );
}
