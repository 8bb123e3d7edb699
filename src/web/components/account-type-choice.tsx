import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { RequestFormApi } from '../forms/request-form.tsx';

/** Checking or savings, for a form whose request has an `accountType` (adding a bank account, a guest payment). */
export function AccountTypeChoice<Request>({ form }: { form: RequestFormApi<Request> }) {
  const { t } = useTranslation();
  const { field, fieldState } = useController({ control: form.control, name: 'accountType' });
  return (
    <RadioGroup
      id="accountType"
      className="choice-group field"
      value={field.value || null}
      onChange={field.onChange}
      isInvalid={Boolean(fieldState.error)}
      isRequired
    >
      <Label className="field__label">{t('payments.bank.accountType.label')}</Label>
      {fieldState.error ? <p className="field__error">{fieldState.error.message}</p> : null}
      <Radio value="checking" className="choice" inputRef={field.ref}>
        {t('payments.bank.accountType.checking')}
      </Radio>
      <Radio value="savings" className="choice">
        {t('payments.bank.accountType.savings')}
      </Radio>
    </RadioGroup>
  );
}
