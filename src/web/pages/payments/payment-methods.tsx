import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PaymentMethod } from '../../../payments/payments.schemas.ts';
import { ApiError } from '../../api/client.ts';
import {
  fetchPaymentMethods,
  PAYMENT_METHODS_QUERY_KEY,
  removePaymentMethod,
  updatePaymentMethod,
} from '../../api/payments.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { BankAccountForm, DebitCardForm } from './add-method.tsx';
import { MethodName } from './parts.tsx';

export function usePaymentMethods() {
  return useQuery({ queryKey: PAYMENT_METHODS_QUERY_KEY, queryFn: fetchPaymentMethods });
}

/** "Checking account at First Bank" or "Visa debit card, expires 08/2029". */
function MethodDetails({ method }: { method: PaymentMethod }) {
  const { t } = useTranslation();
  if (method.kind === 'bank_account') {
    const type = t(`payments.method.accountTypes.${method.accountType ?? 'checking'}`);
    return <>{method.bankName ? t('payments.method.bankAt', { type, bank: method.bankName }) : type}</>;
  }
  const expiry =
    method.expiryMonth && method.expiryYear
      ? `${String(method.expiryMonth).padStart(2, '0')}/${method.expiryYear}`
      : undefined;
  return (
    <>
      {t('payments.method.card', { brand: method.cardBrand ?? '' })}
      {expiry ? `, ${t('payments.method.expires', { expiry })}` : null}
    </>
  );
}

function RenameForm({ method, onDone }: { method: PaymentMethod; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [nickname, setNickname] = useState(method.nickname);
  const rename = useMutation({
    mutationFn: () => updatePaymentMethod(method.id, { nickname }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: PAYMENT_METHODS_QUERY_KEY });
      onDone(t('payments.methods.renamed', { nickname }));
    },
  });
  const fieldError = rename.error instanceof ApiError ? rename.error.fields.nickname : undefined;
  return (
    <Form
      className="method-item__form"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate();
      }}
    >
      <TextField
        label={t('payments.bank.nickname.label')}
        value={nickname}
        onChange={setNickname}
        errorMessage={fieldError}
        autoFocus
      />
      {rename.isError && !fieldError ? <ApiErrorAlert error={rename.error} /> : null}
      <div className="account-actions">
        <Button type="submit" isPending={rename.isPending}>
          {t('payments.methods.saveName')}
        </Button>
        <Button variant="secondary" isDisabled={rename.isPending} onPress={() => onDone('')}>
          {t('payments.cancel')}
        </Button>
      </div>
    </Form>
  );
}

function RemoveMethod({ method, onDone }: { method: PaymentMethod; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [isOpen, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => removePaymentMethod(method.id),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: PAYMENT_METHODS_QUERY_KEY });
      onDone(t('payments.methods.removed', { nickname: method.nickname }));
    },
  });
  const name = t('payments.method.name', { nickname: method.nickname, last4: method.last4 });
  return (
    <ConfirmDialog
      triggerLabel={t('payments.methods.remove')}
      isTriggerDisabled={method.inUse}
      title={t('payments.methods.removeTitle', { name })}
      confirmLabel={t('payments.methods.removeConfirm')}
      keepLabel={t('payments.methods.keep')}
      action={remove}
      isOpen={isOpen}
      onOpenChange={setOpen}
    >
      <p>{t('payments.methods.removeBody')}</p>
    </ConfirmDialog>
  );
}

function MethodItem({ method, onDone }: { method: PaymentMethod; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [isRenaming, setRenaming] = useState(false);
  const makeDefault = useMutation({
    mutationFn: () => updatePaymentMethod(method.id, { makeDefault: true }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: PAYMENT_METHODS_QUERY_KEY });
      onDone(t('payments.methods.defaultSet', { nickname: method.nickname }));
    },
  });
  return (
    <li className="method-item">
      <h3 className="method-item__title">
        <MethodName method={method} />
        {method.isDefault ? <span className="badge">{t('payments.methods.default')}</span> : null}
      </h3>
      <p className="method-item__details">
        <MethodDetails method={method} />
      </p>
      {method.status === 'blocked' ? (
        <p className="method-item__blocked">
          {t('payments.methods.blocked', { reason: method.blockedReason ?? '' })}
        </p>
      ) : null}
      {isRenaming ? (
        <RenameForm
          method={method}
          onDone={(message) => {
            setRenaming(false);
            if (message) onDone(message);
          }}
        />
      ) : (
        <div className="account-actions">
          <Button variant="secondary" onPress={() => setRenaming(true)}>
            {t('payments.methods.rename')}
          </Button>
          {method.isDefault || method.status === 'blocked' ? null : (
            <Button
              variant="secondary"
              isPending={makeDefault.isPending}
              onPress={() => makeDefault.mutate()}
            >
              {t('payments.methods.makeDefault')}
            </Button>
          )}
          <RemoveMethod method={method} onDone={onDone} />
        </div>
      )}
      {method.inUse ? <p className="note">{t('payments.methods.inUse')}</p> : null}
      {makeDefault.isError ? <ApiErrorAlert error={makeDefault.error} /> : null}
    </li>
  );
}

type Adding = 'bank_account' | 'debit_card';

/** The saved bank accounts and debit cards: add, rename, make default, remove. */
export function PaymentMethodsPage() {
  const { t } = useTranslation();
  const methods = usePaymentMethods();
  const [adding, setAdding] = useState<Adding>();
  const [done, setDone] = useState('');
  const added = (method: PaymentMethod) => {
    setAdding(undefined);
    setDone(t('payments.methods.added', { nickname: method.nickname, last4: method.last4 }));
  };
  return (
    <div className="payments-page">
      <PageTitle>{t('payments.methods.title')}</PageTitle>
      <p className="lead">{t('payments.methods.lead')}</p>
      <p>
        <Link href="/payments">{t('payments.methods.backToPayments')}</Link>
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <section aria-labelledby="methods-saved" className="payments-section">
        <h2 id="methods-saved">{t('payments.methods.savedHeading')}</h2>
        {methods.isPending ? (
          <>
            <p role="status" className="status">
              {t('payments.methods.loading')}
            </p>
            <div className="payments-skeleton" aria-hidden="true" />
          </>
        ) : methods.isError ? (
          <>
            <ApiErrorAlert error={methods.error} />
            <Button isPending={methods.isFetching} onPress={() => void methods.refetch()}>
              {t('payments.retry')}
            </Button>
          </>
        ) : methods.data.length === 0 ? (
          <p className="empty-state">{t('payments.methods.none')}</p>
        ) : (
          <ul className="method-list">
            {methods.data.map((method) => (
              <MethodItem key={method.id} method={method} onDone={setDone} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="methods-add" className="payments-section">
        <h2 id="methods-add">{t('payments.methods.addHeading')}</h2>
        {adding === undefined ? (
          <div className="account-actions">
            <Button
              onPress={() => {
                setDone('');
                setAdding('bank_account');
              }}
            >
              {t('payments.methods.addBank')}
            </Button>
            <Button
              variant="secondary"
              onPress={() => {
                setDone('');
                setAdding('debit_card');
              }}
            >
              {t('payments.methods.addCard')}
            </Button>
          </div>
        ) : (
          <div className="card add-method">
            <h3>
              {adding === 'bank_account' ? t('payments.methods.addBank') : t('payments.methods.addCard')}
            </h3>
            {adding === 'bank_account' ? (
              <BankAccountForm onAdded={added} />
            ) : (
              <DebitCardForm onAdded={added} />
            )}
            <Button variant="quiet" onPress={() => setAdding(undefined)}>
              {t('payments.cancel')}
            </Button>
          </div>
        )}
      </section>
    </div>
  );
}
