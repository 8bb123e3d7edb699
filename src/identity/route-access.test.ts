import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

/**
 * Every API route declares who may call it. This test lists them all: a new route that is open to
 * anyone must be added to the list below on purpose, and a route that declares nothing stops the
 * app from starting.
 */
const PUBLIC_ROUTES = [
  'GET /api/openapi.json',
  'POST /api/v1/calculators/loan',
  'POST /api/v1/calculators/lease',
  'POST /api/v1/calculators/apr',
];
const PUBLIC_FORMS = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/factor',
  'POST /api/v1/auth/factor/code',
  'POST /api/v1/auth/user-id/forgot',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'POST /api/v1/auth/passkey/options',
  'POST /api/v1/auth/passkey/verify',
  'POST /api/v1/registration',
  'POST /api/v1/guest-payments',
  'POST /api/v1/guest-payments/identify',
  'POST /api/v1/guest-payments/preview',
  'POST /api/v1/registration/link',
  'POST /api/v1/registration/complete',
  'POST /api/v1/security/email/confirm',
  'POST /api/v1/organization-invitations/describe',
  'POST /api/v1/organization-invitations/join',
  'POST /api/v1/grant-invitations/describe',
  'POST /api/v1/grant-invitations/join',
  'POST /api/v1/business-registration',
  'POST /api/v1/business-registration/complete/new-login',
];
/** All a user who has the password but no second factor yet may reach: setting one up. */
const ENROLMENT_ROUTES = [
  'POST /api/v1/security/totp',
  'POST /api/v1/security/totp/confirm',
  'POST /api/v1/security/passkeys/options',
  'POST /api/v1/security/passkeys',
  'PUT /api/v1/security/phone',
  'POST /api/v1/security/phone/confirm',
  'POST /api/v1/security/code-factors/email/code',
  'PUT /api/v1/security/code-factors',
];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ timeTravel: true });
});
afterAll(() => t.close());

const named = (access: string) =>
  t.app.routeAccess
    .filter((r) => r.access === access && r.method !== 'HEAD')
    .map((r) => `${r.method} ${r.url}`)
    .sort();

describe('route access', () => {
  it('opens to anyone only the routes listed as public', () => {
    expect(named('public')).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('admits sign-in and recovery forms without a session, but only from the portal’s pages', () => {
    for (const route of named('public-form')) expect(PUBLIC_FORMS).toContain(route);
    expect(named('public-form')).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'POST /api/v1/auth/factor']),
    );
  });

  it('lets a user with no second factor yet reach only the routes that set one up', () => {
    expect(named('session:enrolling')).toEqual([...ENROLMENT_ROUTES].sort());
  });

  it('asks a recent sign-in or step-up before the password or recovery codes change', () => {
    expect(named('session:recent')).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/password/change',
        'POST /api/v1/security/recovery-codes',
        'PATCH /api/v1/profile',
      ]),
    );
    expect(named('session')).toEqual(expect.arrayContaining(['GET /api/v1/security/factors']));
  });

  it('keeps boarding and servicing behind API keys of those roles', () => {
    expect(named('api-key:boarding')).toEqual([
      'POST /api/v1/admin/contract-batches',
      'POST /api/v1/admin/contracts',
    ]);
    expect(named('api-key:servicing')).toEqual([
      'GET /api/v1/admin/contracts/:contractNumber',
      'GET /api/v1/admin/contracts/:contractNumber/payoff',
      'GET /api/v1/admin/contracts/:contractNumber/schedule',
      'GET /api/v1/admin/contracts/:contractNumber/transactions',
      'POST /api/v1/admin/contracts/:contractNumber/payments',
      'POST /api/v1/admin/contracts/:contractNumber/payments/:paymentId/reverse',
    ]);
  });

  it('puts everything else behind a signed-in session', () => {
    const declared = new Set(t.app.routeAccess.map((r) => r.access));
    expect(
      [...declared].every((a) =>
        [
          'public',
          'public-form',
          'session',
          'session:recent',
          'session:enrolling',
          'api-key:boarding',
          'api-key:servicing',
        ].includes(a),
      ),
    ).toBe(true);
    expect(named('session')).toEqual(
      expect.arrayContaining([
        'GET /api/v1/me',
        'POST /api/v1/auth/logout',
        // Accepting a grant signed in, and the console's grants (the policy answers 404 to customers).
        'POST /api/v1/grants/accept',
        'GET /api/v1/staff/contracts/:contractNumber/grants',
        'POST /api/v1/staff/contracts/:contractNumber/grants/:grantId/end',
      ]),
    );
  });

  it('refuses to start with a route that declares no access', async () => {
    await expect(
      createTestApp({
        beforeReady: (app) => {
          app.get('/api/v1/forgotten', async () => ({ open: true }));
        },
      }),
    ).rejects.toThrow(/declares no access/);
  });
});
