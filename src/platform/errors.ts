/**
 * Expected business failures. Each carries a namespaced code (`BOARDING.INVALID_ROWS`), a message
 * for people, and field-level reasons; `platform/http-errors.ts` maps the kind to an HTTP status in one table.
 * Anything else thrown is a bug and answers a generic 500.
 */
export type DomainErrorKind =
  | 'invalid'
  /** Well formed, but a business rule refuses it (above the payoff, over a limit, declined). */
  | 'unprocessable'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'unavailable';

export type FieldReasons = Record<string, string>;

export class DomainError extends Error {
  override name = 'DomainError';
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly fields: FieldReasons | undefined;
  /** Extra data safe to show the caller (for example the rejected rows of a batch). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    kind: DomainErrorKind,
    code: string,
    message: string,
    fields?: FieldReasons,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}
