import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { checkAccountNumber, checkRoutingNumber } from '../../../core/bank-account.ts';
import { addBankAccountRequest, type PaymentMethod } from '../../../payments/payments.schemas.ts';
import { isAboutFields } from '../../api/client.ts';
import { addPaymentMethod, PAYMENT_METHODS_QUERY_KEY } from '../../api/payments.ts';
import { AccountTypeChoice } from '../../components/account-type-choice.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Notice } from '../../components/notice.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';

type BankField = 'holderName' | 'routingNumber' | 'accountNumber' | 'accountType' | 'nickname';

/** The bank account form's fields: a person's own account here, a business's on the fleet's pay page. */
export const bankSpec: FormSpec<BankField> = {
  holderName: { kind: 'text', requestKey: 'holderName', i18nKey: 'payments.bank.holderName' },
  routingNumber: { kind: 'text', requestKey: 'routingNumber', i18nKey: 'payments.bank.routingNumber' },
  accountNumber: { kind: 'text', requestKey: 'accountNumber', i18nKey: 'payments.bank.accountNumber' },
  accountType: { kind: 'text', requestKey: 'accountType', i18nKey: 'payments.bank.accountType' },
  nickname: { kind: 'optional', requestKey: 'nickname', i18nKey: 'payments.bank.nickname' },
};

/**
 * The API's request with what the form cannot type (the kind; an empty nickname means none), and
 * the same routing checksum and account number rules the server applies, so a slip shows at once.
 */
const bankAccountForm = z.preprocess(
  (value) => {
    const { nickname, ...rest } = value as Record<string, unknown>;
    return { kind: 'bank_account', ...rest, ...(nickname ? { nickname } : {}) };
  },
  addBankAccountRequest.extend({
    routingNumber: addBankAccountRequest.shape.routingNumber.refine((v) => !checkRoutingNumber(v)),
    accountNumber: addBankAccountRequest.shape.accountNumber.refine((v) => !checkAccountNumber(v)),
  }),
);

/** The holder, routing and account numbers, type and nickname of a bank account form on `bankSpec`. */
export function BankAccountFields<Request>({
  form,
  holderAutoComplete,
}: {
  form: RequestFormApi<Request>;
  holderAutoComplete: 'name' | 'organization';
}) {
  return (
    <>
      <TextField {...useBoundField(form, bankSpec, 'holderName')} autoComplete={holderAutoComplete} />
      <TextField {...useBoundField(form, bankSpec, 'routingNumber')} inputMode="numeric" autoComplete="off" />
      <TextField {...useBoundField(form, bankSpec, 'accountNumber')} inputMode="numeric" autoComplete="off" />
      <AccountTypeChoice form={form} />
      <TextField {...useBoundField(form, bankSpec, 'nickname')} />
    </>
  );
}

type AddMethodProps = {
  /** Called with the new method once the gateway has verified it and it is saved. */
  onAdded: (method: PaymentMethod) => void;
};

function useAddMethod(onAdded: AddMethodProps['onAdded']) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addPaymentMethod,
    onSuccess: (method) => {
      void queryClient.invalidateQueries({ queryKey: PAYMENT_METHODS_QUERY_KEY });
      onAdded(method);
    },
  });
}

/** A checking or savings account: verified through the gateway on saving, shown masked afterwards. */
export function BankAccountForm({ onAdded }: AddMethodProps) {
  const { t } = useTranslation();
  const form = useRequestForm(bankSpec, bankAccountForm);
  const [makeDefault, setMakeDefault] = useState(false);
  const add = useAddMethod(onAdded);
  useEffect(() => form.setValue('accountType', 'checking'), [form]);
  return (
    <>
      {add.isError && !isAboutFields(add.error) ? <ApiErrorAlert error={add.error} /> : null}
      <RequestForm
        form={form}
        spec={bankSpec}
        onSubmit={(request) => add.mutateAsync({ ...request, makeDefault })}
        onInvalid={add.reset}
        submitLabel={t('payments.bank.submit')}
        pendingLabel={t('payments.bank.pending')}
      >
        <BankAccountFields form={form} holderAutoComplete="name" />
        <Checkbox className="checkbox" isSelected={makeDefault} onChange={setMakeDefault}>
          <span className="checkbox__box" aria-hidden="true" />
          {t('payments.makeDefault')}
        </Checkbox>
      </RequestForm>
    </>
  );
}

/** What the gateway's hosted card field posts to this page once it has turned the card into a token. */
const cardTokenMessage = z.object({
  type: z.literal('autofin-card-token'),
  token: z.string().min(1),
  brand: z.string(),
  last4: z.string(),
});

/**
 * A debit card, typed into the gateway's own field (an iframe), so the number and CVV never reach
 * this page or the portal's API: the field hands back a token, which is what gets saved.
 */
export function DebitCardForm({ onAdded }: AddMethodProps) {
  const { t } = useTranslation();
  const add = useAddMethod(onAdded);
  const { mutate } = add;
  const [card, setCard] = useState<{ brand: string; last4: string }>();
  useEffect(() => {
    const listen = (event: MessageEvent) => {
      // Only the gateway's field (same origin, its own path) may hand a token to this page.
      if (event.origin !== window.location.origin) return;
      const message = cardTokenMessage.safeParse(event.data);
      if (!message.success) return;
      setCard({ brand: message.data.brand, last4: message.data.last4 });
      mutate({ kind: 'debit_card', cardToken: message.data.token });
    };
    window.addEventListener('message', listen);
    return () => window.removeEventListener('message', listen);
  }, [mutate]);
  return (
    <div className="card-entry">
      <p className="note">{t('payments.card.lead')}</p>
      <iframe
        className="card-entry__frame"
        title={t('payments.card.frameTitle')}
        src="/sandbox-gateway/card-field"
      />
      {add.isPending && card ? (
        <Notice>{t('payments.card.saving', { brand: card.brand, last4: card.last4 })}</Notice>
      ) : null}
      {add.isError ? <ApiErrorAlert error={add.error} /> : null}
    </div>
  );
}
