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

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: FieldReasons | undefined;
    requestId?: string | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.requestId = init.requestId;
  }
}

const errorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    requestId: z.string().optional(),
  }),
});

/** POSTs `body` as JSON to the portal's own API and checks the answer against `responseSchema`. */
export async function postJson<Response>(
  path: string,
  body: unknown,
  responseSchema: z.ZodType<Response>,
): Promise<Response> {
  let response: globalThis.Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'NETWORK', message: `No answer from ${path}: ${String(cause)}` });
  }
  const payload: unknown = await response.json().catch(() => undefined);
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
  return parsed.data;
}

/** Whether the error is about particular request fields, which a form shows beside those fields. */
export function isAboutFields(error: unknown): boolean {
  return error instanceof ApiError && Object.keys(error.fields).length > 0;
}
