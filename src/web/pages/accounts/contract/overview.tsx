import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { AccountDetail } from '../../../../accounts/accounts.schemas.ts';
import { cents, formatUsd } from '../../../../core/money.ts';
import { useAccount } from '../../../api/accounts.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { DateDisplay } from '../../../components/date-display.tsx';
import { Money } from '../../../components/money.tsx';
import { Percent } from '../../../components/percent.tsx';
import type { Messages } from '../../../i18n/en/index.ts';
import { useLocale } from '../../../i18n/locale.ts';

type TermKey = keyof Messages['overview']['terms'];

/** Figures with their names and a line that says what each means, for someone who never read a contract. */
function TermList({ items }: { items: [TermKey, ReactNode][] }) {
  const { t } = useTranslation();
  return (
    <dl className="result-list term-list">
      {items.map(([key, value]) => (
        <div key={key} className="result-list__item">
          <dt>
            <span className="term-list__label">{t(`overview.terms.${key}.label`)}</span>
            <span className="term-list__help">{t(`overview.terms.${key}.help`)}</span>
          </dt>
          <dd className="term-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function loanTerms(account: Extract<AccountDetail, { kind: 'retail_installment' }>, months: string) {
  const { terms } = account;
  return [
    ['amountFinanced', <Money key="v" cents={terms.amountFinancedCents} />],
    ['apr', <Percent key="v" value={terms.aprPercent} />],
    ['financeCharge', <Money key="v" cents={terms.financeChargeCents} />],
    ['totalOfPayments', <Money key="v" cents={terms.totalOfPaymentsCents} />],
    ['term', months],
    ['payment', <Money key="v" cents={terms.paymentCents} />],
    ['finalPayment', <Money key="v" cents={terms.finalPaymentCents} />],
    ['firstPaymentDate', <DateDisplay key="v" date={terms.firstPaymentDate} />],
    ['maturityDate', <DateDisplay key="v" date={terms.maturityDate} />],
  ] satisfies [TermKey, ReactNode][];
}

function LeaseTerms({ account }: { account: Extract<AccountDetail, { kind: 'lease' }> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { terms } = account;
  const miles = (count: number) => t('overview.miles', { miles: count.toLocaleString(locale) });
  return (
    <TermList
      items={[
        ['grossCapCost', <Money key="v" cents={terms.grossCapCostCents} />],
        ['capCostReduction', <Money key="v" cents={terms.capCostReductionCents} />],
        ['adjustedCapCost', <Money key="v" cents={terms.adjustedCapCostCents} />],
        ['residualValue', <Money key="v" cents={terms.residualValueCents} />],
        ['depreciation', <Money key="v" cents={terms.depreciationCents} />],
        ['rentCharge', <Money key="v" cents={terms.rentChargeCents} />],
        ['moneyFactor', terms.moneyFactor],
        ['aprEquivalent', <Percent key="v" value={terms.aprEquivalentPercent} />],
        ['basePayment', <Money key="v" cents={terms.basePaymentCents} />],
        ['monthlyTax', <Money key="v" cents={terms.monthlyTaxCents} />],
        ['totalPayment', <Money key="v" cents={terms.paymentCents} />],
        ['term', t('overview.months', { count: terms.termMonths })],
        ['totalOfPayments', <Money key="v" cents={terms.totalOfPaymentsCents} />],
        ['mileagePerYear', miles(terms.mileageAllowancePerYear)],
        ['mileageTotal', miles(terms.mileageAllowanceTotal)],
        [
          'excessMileage',
          t('overview.perMile', { amount: formatUsd(cents(terms.excessMileageRateCents), locale) }),
        ],
        ['dispositionFee', <Money key="v" cents={terms.dispositionFeeCents} />],
        ['purchaseOption', <Money key="v" cents={terms.purchaseOptionPriceCents} />],
        ['firstPaymentDate', <DateDisplay key="v" date={terms.firstPaymentDate} />],
        ['maturityDate', <DateDisplay key="v" date={terms.maturityDate} />],
      ]}
    />
  );
}

function Overview({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { due } = account;
  const balances: [TermKey, ReactNode][] =
    account.kind === 'retail_installment'
      ? [
          ['principal', <Money key="v" cents={account.balances.principalCents} />],
          ['accruedInterest', <Money key="v" cents={account.balances.accruedInterestCents} />],
          ['fees', <Money key="v" cents={account.balances.feesCents} />],
          ['unapplied', <Money key="v" cents={account.balances.unappliedCents} />],
          ['perDiem', <Money key="v" cents={account.balances.perDiemCents} />],
        ]
      : [
          ['remainingBasePayments', <Money key="v" cents={account.balances.remainingBasePaymentsCents} />],
          ['fees', <Money key="v" cents={account.balances.feesCents} />],
          ['unapplied', <Money key="v" cents={account.balances.unappliedCents} />],
        ];
  return (
    <>
      {due.pastDueCents > 0 ? (
        <div className="past-due">
          <p>
            <strong>
              {t('overview.pastDue', {
                amount: formatUsd(cents(due.pastDueCents), locale),
                count: due.daysPastDue,
              })}
            </strong>
          </p>
        </div>
      ) : null}
      <section aria-labelledby="overview-due" className="overview__section">
        <h2 id="overview-due">{t('overview.dueHeading')}</h2>
        <TermList
          items={[
            ['amountDue', <Money key="v" cents={due.amountDueCents} />],
            [
              'nextPayment',
              due.nextDueDate ? (
                <>
                  <Money cents={due.nextDueAmountCents} /> {t('dashboard.dueOn')}{' '}
                  <DateDisplay date={due.nextDueDate} />
                </>
              ) : (
                t('overview.none')
              ),
            ],
            ['pastDue', <Money key="v" cents={due.pastDueCents} />],
          ]}
        />
      </section>
      <section aria-labelledby="overview-balances" className="overview__section">
        <h2 id="overview-balances">{t('overview.balancesHeading')}</h2>
        <p className="note">
          {t('overview.asOf')} <DateDisplay date={account.asOf} />.
        </p>
        <TermList items={balances} />
      </section>
      <section aria-labelledby="overview-terms" className="overview__section">
        <h2 id="overview-terms">{t('overview.termsHeading')}</h2>
        <p className="note">{t('overview.termsNote')}</p>
        {account.kind === 'retail_installment' ? (
          <TermList items={loanTerms(account, t('overview.months', { count: account.terms.termMonths }))} />
        ) : (
          <LeaseTerms account={account} />
        )}
      </section>
    </>
  );
}

/** A contract's overview: what is due, what is owed today, and the terms as disclosed, each explained. */
export function ContractOverviewPage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const account = useAccount(contractNumber);
  if (account.isPending) {
    return (
      <p role="status" className="status">
        {t('overview.loading')}
      </p>
    );
  }
  if (account.isError) {
    return (
      <>
        <ApiErrorAlert error={account.error} />
        <Button isPending={account.isFetching} onPress={() => void account.refetch()}>
          {t('overview.retry')}
        </Button>
      </>
    );
  }
  return <Overview account={account.data} />;
}
