import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Label, Link, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { registrationRequest } from '../../../identity/registration.schemas.ts';
import { isAboutFields } from '../../api/client.ts';
import { type RegistrationFacts, startRegistration } from '../../api/registration.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Confirmation } from '../../components/confirmation.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';

type PartyKind = 'person' | 'business';
type Field = 'contractNumber' | 'taxIdLast4' | 'zip' | 'dateOfBirth' | 'email';

const field = (name: Field, i18n: string) => ({
  kind: 'text' as const,
  requestKey: name,
  i18nKey: `register.fields.${i18n}`,
});

/** A person proves the contract with their date of birth too; a business has none to give. */
const specs: Record<PartyKind, FormSpec<Field>> = {
  person: {
    contractNumber: field('contractNumber', 'contractNumber'),
    taxIdLast4: field('taxIdLast4', 'ssnLast4'),
    zip: field('zip', 'zip'),
    dateOfBirth: field('dateOfBirth', 'dateOfBirth'),
    email: field('email', 'email'),
  },
  // The resolver and the form read only the fields a spec names: this one has no date of birth.
  business: {
    contractNumber: field('contractNumber', 'contractNumber'),
    taxIdLast4: field('taxIdLast4', 'einLast4'),
    zip: field('zip', 'zip'),
    email: field('email', 'email'),
  } as FormSpec<Field>,
};

/** People in the US write dates MM/DD/YYYY; the API takes YYYY-MM-DD. Either is accepted here. */
function isoDate(typed: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
  return us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : typed;
}

const schemas: Record<PartyKind, z.ZodType<RegistrationFacts>> = {
  person: registrationRequest.extend({
    dateOfBirth: z.string().transform(isoDate).pipe(registrationRequest.shape.dateOfBirth.unwrap()),
  }),
  business: registrationRequest.omit({ dateOfBirth: true }),
};

const INPUTS: Record<Field, { autoComplete: string; inputMode?: 'numeric' | 'email'; type?: 'email' }> = {
  contractNumber: { autoComplete: 'off' },
  taxIdLast4: { autoComplete: 'off', inputMode: 'numeric' },
  zip: { autoComplete: 'postal-code', inputMode: 'numeric' },
  dateOfBirth: { autoComplete: 'bday' },
  email: { autoComplete: 'email', type: 'email' },
};

function Input({
  form,
  kind,
  name,
}: {
  form: RequestFormApi<RegistrationFacts>;
  kind: PartyKind;
  name: Field;
}) {
  const props = useBoundField(form, specs[kind], name);
  return <TextField {...props} {...INPUTS[name]} />;
}

/**
 * Registering for online access, step one: facts from the contract prove the person is a party to
 * it, and a link goes to the email address given. The answer is the same whether or not the facts
 * matched, so the page says "if… we have sent…" either way.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<PartyKind>('person');
  // One form for both kinds: what was typed stays when the kind changes; the spec decides what is sent.
  const form = useRequestForm(specs[kind], schemas[kind]);
  const mutation = useMutation({ mutationFn: startRegistration });

  return (
    <div className="narrow-page">
      <PageTitle>{t('register.title')}</PageTitle>
      {mutation.isSuccess ? (
        <Confirmation>
          <h2>{t('register.sent.title')}</h2>
          <p className="notice">{t('register.sent.body', { email: mutation.variables.email })}</p>
          <p>{t('register.sent.help')}</p>
          <Button variant="secondary" onPress={() => mutation.reset()}>
            {t('register.sent.again')}
          </Button>
        </Confirmation>
      ) : (
        <>
          <p className="lead">{t('register.lead')}</p>
          {mutation.isError && !isAboutFields(mutation.error) ? (
            <ApiErrorAlert error={mutation.error} />
          ) : null}
          <div className="card">
            <RequestForm
              form={form}
              spec={specs[kind]}
              onSubmit={mutation.mutateAsync}
              onInvalid={mutation.reset}
              submitLabel={t('register.submit')}
              pendingLabel={t('register.submitting')}
            >
              <RadioGroup
                className="choice-group"
                value={kind}
                onChange={(value) => {
                  form.clearErrors();
                  setKind(value === 'business' ? 'business' : 'person');
                }}
              >
                <Label className="field__label">{t('register.partyKind.label')}</Label>
                <Radio value="person" className="choice">
                  {t('register.partyKind.person')}
                </Radio>
                <Radio value="business" className="choice">
                  {t('register.partyKind.business')}
                </Radio>
              </RadioGroup>
              <Input form={form} kind={kind} name="contractNumber" />
              <Input form={form} kind={kind} name="taxIdLast4" />
              <Input form={form} kind={kind} name="zip" />
              {kind === 'person' ? <Input form={form} kind={kind} name="dateOfBirth" /> : null}
              <Input form={form} kind={kind} name="email" />
            </RequestForm>
          </div>
        </>
      )}
      <nav aria-label={t('register.help.label')} className="sign-in__help">
        <ul>
          <li>
            <Link href="/sign-in">{t('register.help.signIn')}</Link>
          </li>
          <li>
            <Link href="/forgot-user-id">{t('register.help.forgotUserId')}</Link>
          </li>
          <li>
            <Link href="/business/register">{t('fleetDocuments.businessRegistration.link')}</Link>
          </li>
        </ul>
      </nav>
    </div>
  );
}
