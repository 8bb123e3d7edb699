import { useTranslation } from 'react-i18next';
import {
  type LoanCalculatorResponse,
  loanCalculatorRequest,
  loanCalculatorResponse,
} from '../../../servicing/calculators.schemas.ts';
import { Money } from '../../components/money.tsx';
import { ResultList } from '../../components/result-list.tsx';
import { type Column, Table } from '../../components/table.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { CalculatorPage } from './calculator-page.tsx';
import { ResultFigure } from './result-parts.tsx';

const loanForm: FormSpec<'amountFinanced' | 'apr' | 'term'> = {
  amountFinanced: { kind: 'money', requestKey: 'amountFinancedCents', i18nKey: 'loan.fields.amountFinanced' },
  apr: { kind: 'percent', requestKey: 'aprPercent', i18nKey: 'loan.fields.apr' },
  term: { kind: 'months', requestKey: 'termMonths', i18nKey: 'loan.fields.term' },
};

type Installment = LoanCalculatorResponse['schedule'][number];

function LoanResult({
  result,
  amountFinancedCents,
}: {
  result: LoanCalculatorResponse;
  amountFinancedCents: number;
}) {
  const { t } = useTranslation();
  const money = (pick: (row: Installment) => number) => (row: Installment) => <Money cents={pick(row)} />;
  const columns: Column<Installment>[] = [
    { key: 'number', header: t('loan.result.columns.number'), cell: (row) => row.number, isRowHeader: true },
    {
      key: 'payment',
      header: t('loan.result.columns.payment'),
      cell: money((r) => r.paymentCents),
      isNumeric: true,
    },
    {
      key: 'interest',
      header: t('loan.result.columns.interest'),
      cell: money((r) => r.interestCents),
      isNumeric: true,
    },
    {
      key: 'principal',
      header: t('loan.result.columns.principal'),
      cell: money((r) => r.principalCents),
      isNumeric: true,
    },
    {
      key: 'balance',
      header: t('loan.result.columns.balance'),
      cell: money((r) => r.balanceCents),
      isNumeric: true,
    },
  ];
  const paymentCount = t('loan.result.paymentCount', { count: result.schedule.length });
  const finalDiffers = result.finalPaymentCents !== result.paymentCents;
  return (
    <div className="result">
      <ResultFigure
        label={t('loan.result.payment')}
        cents={result.paymentCents}
        note={finalDiffers ? `${paymentCount} ${t('loan.result.finalNote')}` : paymentCount}
      />
      <ResultList
        items={[
          { label: t('loan.result.finalPayment'), value: <Money cents={result.finalPaymentCents} /> },
          { label: t('loan.result.amountFinanced'), value: <Money cents={amountFinancedCents} /> },
          { label: t('loan.result.financeCharge'), value: <Money cents={result.financeChargeCents} /> },
          { label: t('loan.result.totalOfPayments'), value: <Money cents={result.totalOfPaymentsCents} /> },
        ]}
      />
      <Table
        caption={t('loan.result.scheduleCaption')}
        columns={columns}
        rows={result.schedule}
        rowKey={(row) => row.number}
      />
    </div>
  );
}

export function LoanCalculatorPage() {
  return (
    <CalculatorPage
      texts="loan"
      spec={loanForm}
      schema={loanCalculatorRequest}
      endpoint="/api/v1/calculators/loan"
      responseSchema={loanCalculatorResponse}
    >
      {(result, request) => <LoanResult result={result} amountFinancedCents={request.amountFinancedCents} />}
    </CalculatorPage>
  );
}
