import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FACTORS_QUERY_KEY, regenerateRecoveryCodes } from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { Notice } from '../../../components/notice.tsx';
import { isStepUpRequired, StepUpNeeded, useFactors, usePointAtStepUp, useStepUp } from './step-up.tsx';
import { TotpSetup } from './totp-setup.tsx';

/** New recovery codes, shown this once: focus comes here so they are read out first. */
function NewRecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby={titleId} className="recovery-codes">
      <h4 id={titleId}>{t('authenticatorSection.newCodesTitle')}</h4>
      <p>{t('authenticatorSection.newCodesLead')}</p>
      <ol className="recovery-codes__list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Button onPress={onDone}>{t('authenticatorSection.savedCodes')}</Button>
    </section>
  );
}

/**
 * The authenticator app (set it up, or replace it with a new phone) and the recovery codes that
 * stand in for it. Both changes need a recent step-up.
 */
export function AuthenticatorSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const codesTitleRef = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const { isRecent } = useStepUp();
  const pointAtStepUp = usePointAtStepUp();
  const factors = useFactors();
  const [isSettingUp, setSettingUp] = useState(false);
  const [isSetUp, setSetUp] = useState(false);
  const refreshFactors = () => void queryClient.invalidateQueries({ queryKey: FACTORS_QUERY_KEY });
  const regenerate = useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: refreshFactors,
    onError: (error) => {
      if (isStepUpRequired(error)) pointAtStepUp();
    },
  });

  const hasApp = factors.data?.includes('totp') ?? false;
  const hasCodes = factors.data?.includes('recovery') ?? false;

  return (
    <section aria-labelledby={titleId} className="security-section">
      <h2 id={titleId}>{t('authenticatorSection.title')}</h2>
      {isRecent ? null : <StepUpNeeded />}
      {factors.isPending ? (
        <p role="status" className="status">
          {t('authenticatorSection.loading')}
        </p>
      ) : factors.isError ? (
        <>
          <ApiErrorAlert error={factors.error} />
          <Button isPending={factors.isFetching} onPress={() => void factors.refetch()}>
            {t('authenticatorSection.retry')}
          </Button>
        </>
      ) : (
        <>
          <p>{t(hasApp ? 'authenticatorSection.appOn' : 'authenticatorSection.appOff')}</p>
          {isSetUp ? <Notice>{t('authenticatorSection.appDone')}</Notice> : null}
          {isSettingUp ? (
            <div className="authenticator__setup">
              <TotpSetup
                onDone={() => {
                  setSettingUp(false);
                  setSetUp(true);
                  refreshFactors();
                }}
              />
              <Button variant="quiet" onPress={() => setSettingUp(false)}>
                {t('authenticatorSection.cancel')}
              </Button>
            </div>
          ) : (
            <>
              {hasApp ? <p className="note">{t('authenticatorSection.replaceNote')}</p> : null}
              <Button
                variant="secondary"
                onPress={() => {
                  setSetUp(false);
                  // Setting up asks the server for a new secret at once, which needs the step-up.
                  if (isRecent) setSettingUp(true);
                  else pointAtStepUp();
                }}
              >
                {t(hasApp ? 'authenticatorSection.replace' : 'authenticatorSection.setUp')}
              </Button>
            </>
          )}

          <h3 ref={codesTitleRef} tabIndex={-1}>
            {t('authenticatorSection.codesTitle')}
          </h3>
          {hasApp ? (
            <>
              <p>{t(hasCodes ? 'authenticatorSection.codesOn' : 'authenticatorSection.codesNone')}</p>
              {regenerate.isError && !isStepUpRequired(regenerate.error) ? (
                <ApiErrorAlert error={regenerate.error} />
              ) : null}
              {regenerate.isSuccess ? (
                <NewRecoveryCodes
                  codes={regenerate.data}
                  onDone={() => {
                    regenerate.reset();
                    codesTitleRef.current?.focus();
                  }}
                />
              ) : (
                <>
                  <p className="note">{t('authenticatorSection.regenerateNote')}</p>
                  <Button
                    variant="secondary"
                    isPending={regenerate.isPending}
                    onPress={() => regenerate.mutate()}
                  >
                    {regenerate.isPending
                      ? t('authenticatorSection.regenerating')
                      : t('authenticatorSection.regenerate')}
                  </Button>
                </>
              )}
            </>
          ) : (
            <p>{t('authenticatorSection.codesNeedApp')}</p>
          )}
        </>
      )}
    </section>
  );
}
