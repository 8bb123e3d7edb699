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
