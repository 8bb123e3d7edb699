import { useTranslation } from 'react-i18next';
import { isSignedOutError } from '../../api/auth.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useMe } from '../../session/me.ts';
import { AuthenticatorSection } from './security/authenticator-section.tsx';
import { ContactSection } from './security/contact-section.tsx';
import { HistorySection } from './security/history-section.tsx';
import { PasskeysSection } from './security/passkeys-section.tsx';
import { PasswordSection } from './security/password-section.tsx';
import { SessionsSection } from './security/sessions-section.tsx';
import { StepUpPanel } from './security/step-up.tsx';

/**
 * Security settings: how the person signs in and where they are signed in. Changes to the password,
 * factors, email or phone need a recent proof of identity: the step-up panel at the top gives it.
 */
export function SecurityPage() {
  const { t } = useTranslation();
  // The sections ask for their data only once the session is known to be signed in: a signed-out
  // visitor is sent to sign in by the layout, without a burst of refused requests first.
  const me = useMe();
  return (
    <div className="narrow-page security-page">
      <PageTitle>{t('security.title')}</PageTitle>
      <p className="lead">{t('security.lead')}</p>
      {me.isSuccess ? (
        <>
          <StepUpPanel />
          <ContactSection />
          <PasswordSection />
          <AuthenticatorSection />
          <PasskeysSection />
          <SessionsSection />
          <HistorySection />
        </>
      ) : me.isError && !isSignedOutError(me.error) ? (
        <ApiErrorAlert error={me.error} />
      ) : (
        <p role="status" className="status">
          {t('account.loading')}
        </p>
      )}
    </div>
  );
}
