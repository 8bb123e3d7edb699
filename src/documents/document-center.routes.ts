import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import {
  autopayAuthorizationParams,
  documentsQuery,
  documentsResponse,
  payoffLetterParams,
} from './document-center.schemas.ts';
import {
  autopayAuthorizationPdf,
  contractDisclosurePdf,
  listDocuments,
  paidOffLetterPdf,
} from './document-center.ts';
import { issuedPayoffLetter } from './payoff-letter.ts';

/**
 * The document center: one list of the documents of every account the signed-in user may see, and
 * the PDFs no other route serves (contract disclosure, paid-in-full and title release letters,
 * AutoPay authorizations, payoff letters issued before). Another customer's account, enrolment or
 * letter is 404.
 */
export async function documentRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const { timeZone } = deps.config;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['documents'];
  const sendPdf = (reply: FastifyReply, { pdf, filename }: { pdf: Buffer; filename: string }) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(pdf);
  const meta = (request: { id: string; ip: string }) => ({ requestId: request.id, ip: request.ip });

  routes.get(
    '/api/v1/documents',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Every document of the accounts you can see, newest first: statements, interest statements, receipts, AutoPay authorizations, contract disclosures, paid-in-full and title release letters',
        querystring: documentsQuery,
        response: { 200: documentsResponse },
      },
    },
    async (request) => listDocuments(db, actorOf(request.session!.user), request.query, timeZone),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/documents/contract-disclosure.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'The contract’s Truth in Lending (loan) or Regulation M (lease) disclosure, from the terms as boarded (PDF)',
        params: contractNumberParams,
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await contractDisclosurePdf(db, actorOf(request.session!.user), request.params.contractNumber),
      ),
  );

  for (const [path, kind, what] of [
    ['paid-in-full-letter', 'paid_in_full_letter', 'paid-in-full letter'],
    ['title-release-letter', 'title_release_letter', 'title and lien release letter'],
  ] as const) {
    routes.get(
      `/api/v1/accounts/:contractNumber/documents/${path}.pdf`,
      {
        config: { access: 'session' },
        schema: {
          tags,
          summary: `A paid-off contract’s ${what} (PDF); each download is audited`,
          params: contractNumberParams,
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await paidOffLetterPdf(
            db,
            actorOf(request.session!.user),
            request.params.contractNumber,
            kind,
            meta(request),
          ),
        ),
    );
  }

  routes.get(
    '/api/v1/autopay-authorizations/:id.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'An AutoPay authorization as accepted: its words, version, time, address and method (PDF)',
        params: autopayAuthorizationParams,
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await autopayAuthorizationPdf(db, actorOf(request.session!.user), request.params.id, timeZone),
      ),
  );

  routes.get(
    '/api/v1/payoff-letters/:id.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A payoff letter as it was issued, with its figures and good-through date (PDF); audited',
        params: payoffLetterParams,
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await issuedPayoffLetter(db, actorOf(request.session!.user), request.params.id, meta(request)),
      ),
  );
}
