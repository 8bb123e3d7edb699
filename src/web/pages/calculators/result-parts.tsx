import type { ReactNode } from 'react';
import { Money } from '../../components/money.tsx';

/** The figure a calculator exists for (the monthly payment), large, with a line about it. */
export function ResultFigure({ label, cents, note }: { label: string; cents: number; note: string }) {
  return (
    <div className="result-figure">
      <dl>
        <dt className="result-figure__label">{label}</dt>
        <dd className="result-figure__value">
          <Money cents={cents} />
        </dd>
      </dl>
      <p className="result-figure__note">{note}</p>
    </div>
  );
}

/** The other figures of a result, as label–value pairs. */
export function ResultList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="result-list">
      {items.map(({ label, value }) => (
        <div key={label} className="result-list__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
