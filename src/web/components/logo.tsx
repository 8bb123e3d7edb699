/** The Autofin mark: a road seen from the driver's seat. Decorative; the wordmark beside it names the site. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" className="logo__tile" />
      <path
        d="M8.5 25 14.2 7h3.6L23.5 25"
        fill="none"
        className="logo__road"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M16 11.5v2.6m0 3.6v2.6" className="logo__line" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
