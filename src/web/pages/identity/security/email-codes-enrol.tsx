import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setCodeFactors } from '../../../api/contact.ts';
import { Button } from '../../../components/button.tsx';
import { EmailCodesOn, PhoneVerify } from './code-steps.tsx';

type Channel = 'email' | 'sms';

/**
 * A first factor by one-time code, in the set-up at sign-in: codes by email to the address on file
 * (proved by the first code), or by text message to a mobile number proved the same way. The server
 * signs the person in as the factor goes on; `onDone` takes them on from there.
 */
export function CodeFactorEnrol({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>();

  if (channel === undefined) {
    return (
      <div className="code-factor-enrol">
        <p>{t('codeFactor.enrolLead')}</p>
        <div className="code-factor-enrol__choices">
          <Button variant="secondary" onPress={() => setChannel('sms')}>
            {t('codeFactor.chooseSms')}
          </Button>
          <Button variant="secondary" onPress={() => setChannel('email')}>
            {t('codeFactor.chooseEmail')}
          </Button>
        </div>
        <p className="note">{t('codeFactor.risk')}</p>
      </div>
    );
  }
  return (
    <div className="code-factor-enrol">
      {channel === 'email' ? (
        <EmailCodesOn autoFocus onDone={onDone} />
      ) : (
        <>
          <p>{t('codeFactor.smsLead')}</p>
          {/* Once the number is proved, text-message codes go on, and with them the sign-in. */}
          <PhoneVerify
            autoFocus
            onVerified={async () => {
              await setCodeFactors({ sms: true });
              onDone();
            }}
          />
        </>
      )}
      <p>
        <Button variant="quiet" onPress={() => setChannel(channel === 'email' ? 'sms' : 'email')}>
          {t(channel === 'email' ? 'codeFactor.switchToSms' : 'codeFactor.switchToEmail')}
        </Button>
      </p>
    </div>
  );
}
