import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { type SetUpState, setUpState } from '../../api/registration.ts';
import { Button } from '../../components/button.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useGoHomeSignedIn } from '../../session/home.ts';
import { forgetMe } from '../../session/me.ts';
import { goToSignIn } from '../../session/notices.ts';
import { markSignedIn } from '../../session/signed-in.ts';
import { AddPasskey } from './security/add-passkey.tsx';
import { CodeFactorEnrol } from './security/email-codes-enrol.tsx';
import { TotpSetup } from './security/totp-setup.tsx';

/**
 * Where a new login goes once made (registration, joining an organization): on to its first second
 * factor; where the portal leaves factors optional the person is signed in already and may skip it.
 */
export function useGoToFactorSetUp(): (step: { next: 'enrol' | 'done' }) => void {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (step) => {
    if (step.next === 'done') {
      forgetMe(queryClient);
      markSignedIn();
    }
    const state: SetUpState = { optional: step.next === 'done' };
    void navigate('/sign-in/set-up', { replace: true, state });
  };
}

const METHODS = ['app', 'passkey', 'codes'] as const;
type Method = (typeof METHODS)[number];

/**
 * The first second factor, right after the password (sign-in answered `next: enrol`) or after
 * registering. The session may do nothing else until one is set up; setting it up signs the person
 * in. Where the portal leaves factors optional the person is signed in already and may skip.
 */
export function SetUpFactorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const parsed = setUpState.safeParse(useLocation().state);
  const isOptional = parsed.success && parsed.data.optional;
  const [method, setMethod] = useState<Method>();
  const methodTitle = useRef<HTMLHeadingElement>(null);
  const choicesTitle = useRef<HTMLHeadingElement>(null);
  const hasChosen = useRef(false);

  // Focus follows the person's choice, so a screen reader reads where they are now.
  useEffect(() => {
    if (!hasChosen.current) return;
    (method ? methodTitle : choicesTitle).current?.focus();
  }, [method]);

  const choose = (next: Method | undefined) => {
    hasChosen.current = true;
    setMethod(next);
  };
  const goHome = useGoHomeSignedIn();
  const done = useCallback(() => void goHome(), [goHome]);
  // The set-up session lasts 15 minutes; after that only signing in again helps.
  const signedOut = useCallback(() => goToSignIn(navigate, 'signInExpired'), [navigate]);

  return (
    <div className="narrow-page">
      <PageTitle>{t('setUpFactor.title')}</PageTitle>
      <p className="lead">{t(isOptional ? 'setUpFactor.optionalLead' : 'setUpFactor.lead')}</p>
      {method ? (
        <section className="card set-up-factor__method" aria-labelledby="set-up-method-title">
          <h2 id="set-up-method-title" ref={methodTitle} tabIndex={-1}>
            {t(`setUpFactor.${method}.title`)}
          </h2>
          {method === 'app' ? <TotpSetup onDone={done} onSignedOut={signedOut} /> : null}
          {method === 'passkey' ? <AddPasskey onAdded={done} /> : null}
          {method === 'codes' ? <CodeFactorEnrol onDone={done} /> : null}
          <p className="set-up-factor__other">
            <Button variant="quiet" onPress={() => choose(undefined)}>
              {t('setUpFactor.other')}
            </Button>
          </p>
        </section>
      ) : (
        <>
          <h2 ref={choicesTitle} tabIndex={-1} className="set-up-factor__choose">
            {t('setUpFactor.choose')}
          </h2>
          <ul className="set-up-factor__choices">
            {METHODS.map((m) => (
              <li key={m} className="card">
                <h3>{t(`setUpFactor.${m}.title`)}</h3>
                <p>{t(`setUpFactor.${m}.body`)}</p>
                <Button variant="secondary" onPress={() => choose(m)}>
                  {t(`setUpFactor.${m}.choose`)}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {isOptional ? (
        <p>
          <Button variant="quiet" onPress={done}>
            {t('setUpFactor.skip')}
          </Button>
        </p>
      ) : null}
    </div>
  );
}
