import { type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';

export type SummaryItem = {
  /** The id of the input the item links to; absent for a problem that belongs to no field. */
  fieldId?: string | undefined;
  label?: string | undefined;
  message: string;
};

/** Moves focus to a field and scrolls its label into view too, which following the fragment alone would not. */
function focusField(fieldId: string) {
  const input = document.getElementById(fieldId);
  if (!input) return;
  input.focus({ preventScroll: true });
  (input.closest('.field') ?? input).scrollIntoView({ block: 'start' });
}

/**
 * The list of problems shown above a form after a failed submit, each linking to its field
 * (the GOV.UK error summary pattern). The page moves focus here so the list is read out first.
 */
export function ErrorSummary({
  items,
  ref,
}: {
  items: SummaryItem[];
  ref?: Ref<HTMLDivElement> | undefined;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <div ref={ref} tabIndex={-1} className="error-summary">
      <div role="alert" aria-labelledby={titleId}>
        <h2 id={titleId} className="error-summary__title">
          {t('form.errorSummaryTitle')}
        </h2>
        <ul className="error-summary__list">
          {items.map(({ fieldId, label, message }) => (
            <li key={`${fieldId ?? ''}:${message}`}>
              {fieldId ? (
                <a
                  href={`#${fieldId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusField(fieldId);
                  }}
                >
                  {label ? t('form.errorSummaryItem', { label, message }) : message}
                </a>
              ) : (
                message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
