import { z } from 'zod';
import {
  registrationAccepted,
  registrationCompleteResponse,
  registrationLinkResponse,
} from '../../identity/registration.schemas.ts';
import { postForm } from './challenge.ts';
import { postJson } from './client.ts';

// Self-registration, as `src/identity/registration.routes.ts` on the server describes it.

export type RegistrationFacts = {
  contractNumber: string;
  taxIdLast4: string;
  zip: string;
  dateOfBirth?: string | undefined;
  email: string;
};

/** Step one: the same answer whether or not the details matched (the form is throttled by address). */
export function startRegistration(request: RegistrationFacts) {
  return postForm('/api/v1/registration', request, registrationAccepted);
}

/** Whom the mailed link greets, and the address it proved; 400 REGISTRATION.INVALID_LINK otherwise. */
export function checkRegistrationLink(token: string) {
  return postJson('/api/v1/registration/link', { token }, registrationLinkResponse);
}

export type RegistrationStep = z.infer<typeof registrationCompleteResponse>;

export function completeRegistration(request: { token: string; userId: string; password: string }) {
  return postJson('/api/v1/registration/complete', request, registrationCompleteResponse);
}

/** What the factor set-up page is told by the page that sent it there. */
export const setUpState = z.object({
  /** The portal leaves factors optional and the person is signed in already: they may skip. */
  optional: z.boolean(),
});
export type SetUpState = z.infer<typeof setUpState>;
