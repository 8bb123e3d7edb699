import { useTranslation } from 'react-i18next';
import {
  type LeaseCalculatorResponse,
  leaseCalculatorRequest,
  leaseCalculatorResponse,
} from '../../../servicing/calculators.schemas.ts';
import { Money } from '../../components/money.tsx';
import { Percent } from '../../components/percent.tsx';
import { ResultList } from '../../components/result-list.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { CalculatorPage } from './calculator-page.tsx';
import { ResultFigure } from './result-parts.tsx';

type LeaseField = 'grossCapCost' | 'capCostReduction' | 'residualValue' | 'moneyFactor' | 'term' | 'taxRate';

const leaseForm: FormSpec<LeaseField> = {
  grossCapCost: { kind: 'money', requestKey: 'grossCapCostCents', i18nKey: 'lease.fields.grossCapCost' },
  capCostReduction: {
    kind: 'money',
    requestKey: 'capCostReductionCents',
    i18nKey: 'lease.fields.capCostReduction',
  },
  residualValue: { kind: 'money', requestKey: 'residualValueCents', i18nKey: 'lease.fields.residualValue' },
  moneyFactor: { kind: 'decimal', requestKey: 'moneyFactor', i18nKey: 'lease.fields.moneyFactor' },
  term: { kind: 'months', requestKey: 'termMonths', i18nKey: 'lease.fields.term' },
  taxRate: { kind: 'percent', requestKey: 'taxRatePercent', i18nKey: 'lease.fields.taxRate' },
};

function LeaseResult({ result }: { result: LeaseCalculatorResponse }) {
  const { t } = useTranslation();
  return (
    <div className="result">
      <ResultFigure
        label={t('lease.result.payment')}
        cents={result.paymentCents}
        note={t('lease.result.paymentNote')}
      />
      <ResultList
        items={[
          { label: t('lease.result.basePayment'), value: <Money cents={result.basePaymentCents} /> },
          { label: t('lease.result.tax'), value: <Money cents={result.taxCents} /> },
          { label: t('lease.result.adjustedCapCost'), value: <Money cents={result.adjustedCapCostCents} /> },
          { label: t('lease.result.depreciation'), value: <Money cents={result.depreciationCents} /> },
          { label: t('lease.result.rentCharge'), value: <Money cents={result.rentChargeCents} /> },
          {
            label: t('lease.result.totalOfBasePayments'),
            value: <Money cents={result.totalOfBasePaymentsCents} />,
          },
          { label: t('lease.result.aprEquivalent'), value: <Percent value={result.aprEquivalentPercent} /> },
        ]}
      />
      <p className="note">{t('lease.result.aprEquivalentNote')}</p>
    </div>
  );
}

export function LeaseCalculatorPage() {
  return (
    <CalculatorPage
      texts="lease"
      spec={leaseForm}
      schema={leaseCalculatorRequest}
      endpoint="/api/v1/calculators/lease"
      responseSchema={leaseCalculatorResponse}
    >
      {(result) => <LeaseResult result={result} />}
    </CalculatorPage>
  );
}
