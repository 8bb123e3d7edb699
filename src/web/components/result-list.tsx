import type { ReactNode } from 'react';

/**
 * Figures as label–value pairs: a calculator's result, a statement's summary. An item needs its own
 * `key` only when two can have the same label (two payments on one day).
 */
export function ResultList({ items }: { items: { key?: string; label: string; value: ReactNode }[] }) {
  return (
    <dl className="result-list">
      {items.map(({ key, label, value }) => (
        <div key={key ?? label} className="result-list__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
