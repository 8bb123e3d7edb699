/**
 * A legal text in full, as the server holds it (an authorization, a disclosure): the lender's words,
 * in English whatever the page's language, paragraph by paragraph, with its version.
 */
export function LegalText({
  id,
  heading,
  level,
  text,
  versionNote,
  className = '',
}: {
  id: string;
  heading: string;
  level: 2 | 3;
  text: string;
  versionNote: string;
  className?: string;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={`card ${className}`.trim()} aria-labelledby={id}>
      <Heading id={id}>{heading}</Heading>
      <div lang="en">
        {text.split('\n\n').map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </div>
      <p className="note">{versionNote}</p>
    </section>
  );
}
