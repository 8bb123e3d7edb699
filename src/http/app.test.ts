import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    beforeReady: (app) => {
      app.get('/api/v1/test/explode', { config: { access: 'public' } }, async () => {
        throw new Error('relation "secret_table" does not exist at /srv/autofin/src/services/x.ts:12');
      });
    },
  });
});
afterAll(() => t.close());

describe('health', () => {
  it('is alive and ready when the database answers', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });
});

describe('errors', () => {
  it('answers an unknown API address with 404 in the error shape', async () => {
    const res = await t.app.inject('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' },
    });
  });

  it('answers a bug with a generic 500 and a request id, never the exception', async () => {
    const res = await t.app.inject('/api/v1/test/explode');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toContain('secret_table');
    expect(res.body).not.toContain('/srv/');
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy without inline script, HSTS, and no-store on the API', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calculators/loan',
      payload: { amountFinancedCents: 2_000_000, aprPercent: '5', termMonths: 60 },
    });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['strict-transport-security']).toContain('max-age=63072000');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('OpenAPI', () => {
  it('documents every public API route from the same zod schemas that validate requests', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/calculators/loan',
        '/api/v1/calculators/lease',
        '/api/v1/admin/contracts',
        '/api/v1/admin/contract-batches',
      ]),
    );
    const loanBody =
      doc.paths['/api/v1/calculators/loan'].post.requestBody.content['application/json'].schema;
    expect(loanBody.required).toEqual(
      expect.arrayContaining(['amountFinancedCents', 'aprPercent', 'termMonths']),
    );
    expect(loanBody.additionalProperties).toBe(false);
  });

  it('serves readable docs at /api/docs', async () => {
    const res = await t.app.inject('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
