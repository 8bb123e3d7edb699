import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Checkbox, Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PaperlessAnswer } from '../../../documents/esign.schemas.ts';
import { ApiError } from '../../api/client.ts';
import {
  consentToPaperless,
  fetchPaperless,
  PAPERLESS_QUERY_KEY,
  withdrawPaperless,
} from '../../api/paperless.ts';
import { PREFERENCES_QUERY_KEY } from '../../api/profile.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Instant } from '../../components/instant.tsx';
import { LegalText } from '../../components/legal-text.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';

type Problems = Partial<Record<'code' | 'accepted', string>>;

function useSaved() {
  const queryClient = useQueryClient();
  return (answer: PaperlessAnswer) => {
    queryClient.setQueryData(PAPERLESS_QUERY_KEY, answer);
    void queryClient.invalidateQueries({ queryKey: PREFERENCES_QUERY_KEY });
  };
}

/**
 * The consent: the disclosure read, the test PDF opened and its code typed back (which shows the
 * person can open our documents, as the E-SIGN Act asks), and the agreement ticked.
 */
function ConsentForm({ answer, onDone }: { answer: PaperlessAnswer; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const saved = useSaved();
  const [code, setCode] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const consent = useMutation({
    mutationFn: consentToPaperless,
    onSuccess: (next) => {
      saved(next);
      onDone(t('paperless.consented'));
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      if (error.fields.code) setProblems({ code: error.fields.code });
      // The disclosure changed while the page was open: show the new one, to be read and accepted.
      if (error.fields.version) void queryClient.invalidateQueries({ queryKey: PAPERLESS_QUERY_KEY });
    },
  });
  const submit = () => {
    const found: Problems = {};
    if (code.trim() === '') found.code = t('paperless.code.required');
    if (!accepted) found.accepted = t('paperless.mustAccept');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    consent.mutate({ version: answer.disclosure.version, code: code.trim() });
  };
  return (
    <Form
      className="request-form"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <LegalText
        id="paperless-disclosure"
        heading={t('paperless.disclosure.heading')}
        level={2}
        text={answer.disclosure.text}
        versionNote={t('paperless.disclosure.version', { version: answer.disclosure.version })}
      />
      <section className="card" aria-labelledby="paperless-test">
        <h2 id="paperless-test">{t('paperless.test.heading')}</h2>
        <p>{t('paperless.test.lead')}</p>
        <p>
          <Link href={answer.testDocumentUrl} target="_blank" rel="noopener">
            {t('paperless.test.open')}
          </Link>
        </p>
        <TextField
          id="paperless-code"
          label={t('paperless.code.label')}
          description={t('paperless.code.description')}
          value={code}
          onChange={(value) => {
            setCode(value);
            consent.reset();
            setProblems((found) => ({ ...found, code: undefined }));
          }}
          errorMessage={problems.code}
          autoComplete="off"
          isRequired
        />
      </section>
      <div className="field">
        {/* The shared .checkbox centres a lone box; with a label beside it the two sit apart, left aligned. */}
        <Checkbox
          className="checkbox"
          style={{ justifyContent: 'flex-start', gap: '0.75rem' }}
          isSelected={accepted}
          onChange={(on) => {
            setAccepted(on);
            if (on) setProblems((found) => ({ ...found, accepted: undefined }));
          }}
          isInvalid={Boolean(problems.accepted)}
          isRequired
        >
          <span className="checkbox__box" aria-hidden="true" style={{ flexShrink: 0 }} />
          {t('paperless.accept')}
        </Checkbox>
        {problems.accepted ? <p className="field__error">{problems.accepted}</p> : null}
      </div>
      {consent.isError && !(consent.error instanceof ApiError && consent.error.fields.code) ? (
        <ApiErrorAlert error={consent.error} />
      ) : null}
      <div className="request-form__actions">
        <Button type="submit" isPending={consent.isPending}>
          {consent.isPending ? t('paperless.submitting') : t('paperless.submit')}
        </Button>
      </div>
    </Form>
  );
}

function Withdraw({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const saved = useSaved();
  const [isOpen, setOpen] = useState(false);
  const withdraw = useMutation({
    mutationFn: withdrawPaperless,
    onSuccess: (next) => {
      setOpen(false);
      saved(next);
      onDone(t('paperless.withdrawn'));
    },
  });
  return (
    <ConfirmDialog
      triggerLabel={t('paperless.withdraw.trigger')}
      title={t('paperless.withdraw.title')}
      confirmLabel={t('paperless.withdraw.confirm')}
      keepLabel={t('paperless.withdraw.keep')}
      action={withdraw}
      isOpen={isOpen}
      onOpenChange={setOpen}
    >
      <p>{t('paperless.withdraw.body')}</p>
    </ConfirmDialog>
  );
}

/** `/paperless`: whether documents come electronically, the consent flow, and the way back to paper. */
export function PaperlessPage() {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const paperless = useQuery({ queryKey: PAPERLESS_QUERY_KEY, queryFn: fetchPaperless });
  const consent = paperless.data?.consent;
  return (
    <div className="narrow-page">
      <PageTitle>{t('paperless.title')}</PageTitle>
      <p>
        <Link href="/profile">{t('paperless.profileLink')}</Link>
      </p>
      <p className="lead">{t('paperless.lead')}</p>
      {message ? <Notice>{message}</Notice> : null}
      {paperless.isPending ? (
        <p role="status" className="status">
          {t('paperless.loading')}
        </p>
      ) : paperless.isError ? (
        <>
          <ApiErrorAlert error={paperless.error} />
          <Button isPending={paperless.isFetching} onPress={() => void paperless.refetch()}>
            {t('paperless.retry')}
          </Button>
        </>
      ) : (
        <>
          <p data-testid="paperless-status">
            <strong>{consent ? t('paperless.status.on') : t('paperless.status.off')}</strong>
          </p>
          {consent ? (
            <>
              <p>
                {t('paperless.status.since')} <Instant value={consent.consentedAt} />{' '}
                {t('paperless.status.version', { version: consent.version })}
              </p>
              {consent.current ? null : <p>{t('paperless.status.outdated')}</p>}
              <Withdraw onDone={setMessage} />
            </>
          ) : null}
          {consent?.current ? null : <ConsentForm answer={paperless.data} onDone={setMessage} />}
        </>
      )}
    </div>
  );
}
