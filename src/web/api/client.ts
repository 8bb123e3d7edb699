import { z } from 'zod';

/** Reasons per request field, as the API reports them (`{"amountFinancedCents": "…"}`). */
export type FieldReasons = Record<string, string>;

/**
 * A failed API call. `code` comes from the server's error envelope (`REQUEST.INVALID`, `NOT_FOUND`,
 * `INTERNAL`…) or says what happened before there was one: `NETWORK` (no answer) or `BAD_RESPONSE`
 * (an answer this client cannot read). `message` is the server's, for people.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  /** The HTTP status, or 0 when no answer came. */
  readonly status: number;
  readonly code: string;
  readonly fields: FieldReasons;
  readonly requestId: string | undefined;
  /** Anything else the error carried (for example the challenge of `AUTH.CHALLENGE_REQUIRED`). */
  readonly details: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: FieldReasons | undefined;
    requestId?: string | undefined;
    [detail: string]: unknown;
  }) {
    super(init.message);
    const { status, code, message: _message, fields, requestId, ...details } = init;
    this.status = status;
    this.code = code;
    this.fields = fields ?? {};
    this.requestId = requestId;
    this.details = details;
  }
}

const errorEnvelope = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    requestId: z.string().optional(),
  }),
});

/** The cookie the server sets on every answer and the header that must echo it (double-submit CSRF defence). */
const CSRF_COOKIE = 'autofin_csrf';
const CSRF_HEADER = 'x-csrf-token';

/** The CSRF token the server gave this browser, if it has given one yet. */
function csrfToken(): string | undefined {
  for (const pair of document.cookie.split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** An API answer that passed its schema, with the headers it came with. */
export type JsonAnswer<Response> = { data: Response; headers: Headers };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(
  method: Method,
  path: string,
  body: unknown,
  extraHeaders: Record<string, string>,
): Promise<globalThis.Response> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  // A file goes as its own bytes and type (a CSV upload); anything else as JSON. Fastify refuses a
  // JSON content type with an empty body, so a request without one (sign-out) says none.
  const isFile = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = isFile ? body.type : 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token !== undefined) headers[CSRF_HEADER] = token;
  }
  try {
    return await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: isFile ? body : JSON.stringify(body) }),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'NETWORK', message: `No answer from ${path}: ${String(cause)}` });
  }
}

/**
 * Calls the portal's own API and checks the answer against `responseSchema`. Every request other
 * than a GET carries the `X-CSRF-Token` header; if the browser had no token cookie yet, the refusal
 * (403 `AUTH.CSRF`) brings one, so such a request is sent once more with it.
 */
export async function requestJson<Response>(
  method: Method,
  path: string,
  body: unknown,
  responseSchema: z.ZodType<Response>,
  /** Headers of the request's own, such as a solved challenge (see `api/challenge.ts`). */
  extraHeaders: Record<string, string> = {},
): Promise<JsonAnswer<Response>> {
  const hadToken = method === 'GET' || csrfToken() !== undefined;
  let response = await send(method, path, body, extraHeaders);
  let payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok && !hadToken && csrfToken() !== undefined) {
    const envelope = errorEnvelope.safeParse(payload);
    if (envelope.success && envelope.data.error.code === 'AUTH.CSRF') {
      response = await send(method, path, body, extraHeaders);
      payload = await response.json().catch(() => undefined);
    }
  }
  if (!response.ok) {
    const envelope = errorEnvelope.safeParse(payload);
    if (envelope.success) throw new ApiError({ status: response.status, ...envelope.data.error });
    throw new ApiError({
      status: response.status,
      code: 'BAD_RESPONSE',
      message: `${path} answered ${response.status} without an error envelope.`,
    });
  }
  const parsed = responseSchema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'BAD_RESPONSE',
      message: `${path} answered with an unexpected body: ${parsed.error.message}`,
    });
  }
  return { data: parsed.data, headers: response.headers };
}

/** POSTs `body` as JSON (a `Blob` as itself, or nothing when it is undefined) and checks the answer against `responseSchema`. */
export async function postJson<Response>(
  path: string,
  body: unknown,
  responseSchema: z.ZodType<Response>,
): Promise<Response> {
  return (await requestJson('POST', path, body, responseSchema)).data;
}

/** GETs `path` and checks the answer against `responseSchema`. */
export async function getJson<Response>(
  path: string,
  responseSchema: z.ZodType<Response>,
): Promise<Response> {
  return (await requestJson('GET', path, undefined, responseSchema)).data;
}

/** Whether the error is about particular request fields, which a form shows beside those fields. */
export function isAboutFields(error: unknown): boolean {
  return error instanceof ApiError && Object.keys(error.fields).length > 0;
}

/**
 * How often a query tries again: a 4xx is the server's answer (signed out, not found, refused),
 * not a hiccup, so only a failure to get an answer is retried, twice.
 */
export function retryHiccups(failures: number, error: unknown): boolean {
  return failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);
}

/** Query options for what is asked once and does not change (what a mailed link stands for). */
export const askOnce = {
  retry: false,
  staleTime: Number.POSITIVE_INFINITY,
  refetchOnWindowFocus: false,
} as const;
