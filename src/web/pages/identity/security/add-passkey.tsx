import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type PasskeyListing, registrationOptions, savePasskey } from '../../../api/passkeys.ts';
import { Button } from '../../../components/button.tsx';
import { describeDevice, deviceWords } from './device-name.ts';
import { PasskeyErrorAlert } from './passkey-error.tsx';
import { isStepUpRequired, usePointAtStepUp } from './step-up.tsx';

/** A first name for the new passkey, after the browser it was made in; the person can rename it. */
function nameForThisDevice(t: TFunction): string {
  const { browser, os } = describeDevice(navigator.userAgent);
  if (!browser && !os) return t('passkeys.plainName');
  return t('passkeys.defaultName', { device: deviceWords(t, navigator.userAgent) });
}

/**
 * Creates a passkey on this device (or the person's phone or password manager, as the browser
 * offers) and registers it. Used by the first-factor set-up at sign-in and by the passkeys section.
 */
export function AddPasskey({ onAdded }: { onAdded: (passkey: PasskeyListing) => void }) {
  const { t } = useTranslation();
  const pointAtStepUp = usePointAtStepUp();
  const mutation = useMutation({
    mutationFn: async () => {
      const { challengeId, options } = await registrationOptions();
      const response = await startRegistration({ optionsJSON: options });
      return savePasskey({ challengeId, response, name: nameForThisDevice(t) });
    },
    onSuccess: onAdded,
    onError: (error) => {
      if (isStepUpRequired(error)) pointAtStepUp();
    },
  });

  if (!browserSupportsWebAuthn()) return <p className="note">{t('passkeys.unsupported')}</p>;
  return (
    <div className="add-passkey">
      {mutation.isError && !isStepUpRequired(mutation.error) ? (
        <PasskeyErrorAlert error={mutation.error} cancelled={t('passkeys.errors.addCancelled')} />
      ) : null}
      <Button variant="secondary" isPending={mutation.isPending} onPress={() => mutation.mutate()}>
        {mutation.isPending ? t('passkeys.adding') : t('passkeys.add')}
      </Button>
    </div>
  );
}
