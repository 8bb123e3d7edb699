import { Link } from 'react-aria-components';
import { ApiError } from '../api/client.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';

type SpentLinkProps = {
  error: unknown;
  /** The API's code for a link that no longer works (unknown, expired or used). */
  code: string;
  /** What the page says about such a link, and the way on from there. */
  message: string;
  next: { href: string; label: string };
};

/** A mailed link's page when the link no longer works (or checking it failed), with the way on. */
export function SpentLink({ error, code, message, next }: SpentLinkProps) {
  return (
    <>
      {error instanceof ApiError && error.code === code ? (
        <div role="alert" className="alert">
          <p>{message}</p>
        </div>
      ) : (
        <ApiErrorAlert error={error} />
      )}
      <p>
        <Link href={next.href}>{next.label}</Link>
      </p>
    </>
  );
}
