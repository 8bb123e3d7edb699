import { type MailingAddress, type PhoneKind, profileResponse } from '../../accounts/profile.schemas.ts';
import { type Preferences, preferencesResponse } from '../../notifications/preferences.schemas.ts';
import { ApiError, getJson, requestJson } from './client.ts';

// The profile and communication preferences, as `src/accounts/profile.routes.ts` on the server describes them.

export const PROFILE_QUERY_KEY = ['profile'] as const;
export const PREFERENCES_QUERY_KEY = ['preferences'] as const;

export function fetchProfile() {
  return getJson('/api/v1/profile', profileResponse);
}

/**
 * PATCHes one part of the profile (`address` or `phones`). The server names a field within its part
 * ("address.zip"); the page's form knows it as "zip", so a 400's reasons are passed on under that name.
 */
async function patchPart(part: 'address' | 'phones', values: object) {
  try {
    return (await requestJson('PATCH', '/api/v1/profile', { [part]: values }, profileResponse)).data;
  } catch (error) {
    if (!(error instanceof ApiError) || Object.keys(error.fields).length === 0) throw error;
    const prefix = `${part}.`;
    const fields = Object.fromEntries(
      Object.entries(error.fields).map(([key, reason]) => [
        key.startsWith(prefix) ? key.slice(prefix.length) : key,
        reason,
      ]),
    );
    throw new ApiError({
      status: error.status,
      code: error.code,
      message: error.message,
      fields,
      requestId: error.requestId,
    });
  }
}

export const changeAddress = (address: MailingAddress) => patchPart('address', address);

/** A number, or null to remove it (the form sends every number, so what is on screen is what is kept). */
export const changePhones = (phones: Partial<Record<PhoneKind, string | null>>) =>
  patchPart('phones', phones);

export function fetchPreferences() {
  return getJson('/api/v1/preferences', preferencesResponse);
}

export async function savePreferences(preferences: Preferences) {
  return (await requestJson('PUT', '/api/v1/preferences', preferences, preferencesResponse)).data;
}
