import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type DomainErrorKind, type FieldReasons } from './errors.ts';

/**
 * One error shape for every 4xx: `{"error": {"code", "message", "fields"?}}`; every 5xx says only
 * that something failed and gives the request id to quote (never the exception, a stack or SQL).
 */
export type ErrorBody = {
  error: {
    code: string;
    message: string;
    fields?: FieldReasons;
    requestId?: string;
    [extra: string]: unknown;
  };
};

/** The one table from a domain error's kind to its HTTP status. */
export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unprocessable: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
};

/** Turns a JSON-pointer-ish path ("/parties/0/email") into the dotted field name we report ("parties.0.email"). */
function fieldName(instancePath: string): string {
  return instancePath.replace(/^\//, '').replaceAll('/', '.');
}

function validationFields(error: {
  validation: { instancePath: string; message?: string; params: Record<string, unknown> }[];
}) {
  const fields: FieldReasons = {};
  for (const issue of error.validation) {
    const unknownKeys = issue.params.keys;
    if (Array.isArray(unknownKeys)) {
      const prefix = fieldName(issue.instancePath);
      for (const key of unknownKeys)
        fields[prefix ? `${prefix}.${key}` : String(key)] = 'This field is not allowed here.';
      continue;
    }
    const name = fieldName(issue.instancePath) || '(body)';
    fields[name] ??= issue.message ?? 'This value is not valid.';
  }
  return fields;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const body: ErrorBody = {
        error: {
          code: 'REQUEST.INVALID',
          message: 'Some fields are missing or not valid.',
          fields: validationFields(error),
        },
      };
      return reply.code(400).send(body);
    }
    if (error instanceof DomainError) {
      const body: ErrorBody = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
          ...(error.details ?? {}),
        },
      };
      return reply.code(STATUS_BY_KIND[error.kind]).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx (malformed JSON, wrong content type, body too large): its message is about
      // the request, not our internals, so it is safe and useful to show.
      const body: ErrorBody = {
        error: { code: `REQUEST.${error.code ?? 'BAD_REQUEST'}`, message: error.message },
      };
      return reply.code(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    const body: ErrorBody = {
      error: {
        code: 'INTERNAL',
        message:
          'Something went wrong on our side. Please try again; if it keeps happening, contact us with the request id.',
        requestId: request.id,
      },
    };
    return reply.code(500).send(body);
  });
}

export function notFoundBody(): ErrorBody {
  return { error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' } };
}

/** The schema of a 4xx answer with its fields (for a route's OpenAPI responses). */
export const refusalResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
