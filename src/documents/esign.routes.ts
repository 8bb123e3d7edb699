import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { refusalResponse } from '../platform/http-errors.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { paperlessConsentRequest, paperlessResponse } from './esign.schemas.ts';
import {
  consentToPaperless,
  esignKey,
  renderTestDocument,
  TEST_DOCUMENT_PATH,
  viewPaperless,
  withdrawPaperless,
} from './esign.ts';

/**
 * Paperless: the E-SIGN disclosure and consent (see documents/esign.ts). A session suffices: consenting
 * only changes how the owner's own documents reach them, and every change is told to their email.
 */
export async function esignRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const key = esignKey(deps.secretKey);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
  });

  routes.get(
    '/api/v1/paperless',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Paperless: the E-SIGN disclosure to accept, and your consent (or null)',
        response: { 200: paperlessResponse },
      },
    },
    async (request) => viewPaperless(db, request.session!.user),
  );

  routes.get(
    TEST_DOCUMENT_PATH,
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The test document (PDF): open it and type its code back to consent',
      },
    },
    async (request, reply) => {
      const pdf = await renderTestDocument(key, request.session!.user);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="autofin-test-document.pdf"')
        .send(pdf);
    },
  );

  routes.post(
    '/api/v1/paperless/consent',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Consent to electronic documents with the disclosure version read and the test document’s code',
        description:
          'A wrong code answers 422 PAPERLESS.WRONG_CODE (field `code`); a disclosure changed since answers 422 PAPERLESS.DISCLOSURE_OUTDATED (field `version`). Audited; the disclosure goes to your email as your copy.',
        body: paperlessConsentRequest,
        response: { 200: paperlessResponse, 422: refusalResponse },
      },
    },
    async (request) => consentToPaperless(db, clock, key, request.session!.user, request.body, meta(request)),
  );

  routes.delete(
    '/api/v1/paperless/consent',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Withdraw the consent: statements come by mail again (404 when there is none)',
        response: { 200: paperlessResponse },
      },
    },
    async (request) => withdrawPaperless(db, clock, request.session!.user, meta(request)),
  );
}
