import { useDeferredValue, useEffect, useState } from 'react';
import { Label, Meter } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

type Policy = typeof import('../../core/password-policy.ts');

// The policy's dictionaries (common and breached passwords, English words) are large, so they are
// loaded only by a page with a new-password field, once, in a chunk of their own.
let loading: Promise<Policy> | undefined;
function usePasswordPolicy(): Policy | undefined {
  const [policy, setPolicy] = useState<Policy>();
  useEffect(() => {
    let isCurrent = true;
    loading ??= import('../../core/password-policy.ts');
    // If the chunk cannot load, the meter stays away: the server still judges the password.
    loading.then((loaded) => isCurrent && setPolicy(loaded)).catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, []);
  return policy;
}

/** How the meter reads: refused by the policy, or accepted as good or strong. */
type Level = 'refused' | 'good' | 'strong';

type PasswordStrengthProps = {
  password: string;
  /** The User ID and names the password must not contain, as the server checks. */
  userId?: string | undefined;
  names?: string[];
};

/**
 * The strength meter under a new-password field. It runs the very policy the server applies
 * (`core/password-policy.ts`: length, the site's name, the User ID and names, common and
 * breached passwords, zxcvbn's estimate), so what it says is what the server will say, and a
 * refusal shows the same reason. Changes are read out politely once the person pauses typing.
 */
export function PasswordStrength({ password, userId, names }: PasswordStrengthProps) {
  const { t } = useTranslation();
  const policy = usePasswordPolicy();
  const typed = useDeferredValue(password);

  const verdict = policy && typed !== '' ? policy.checkPassword(typed, { userId, names }) : undefined;
  const level: Level | undefined =
    verdict && (!verdict.ok ? 'refused' : verdict.score === 4 ? 'strong' : 'good');
  // zxcvbn's 0–4 for an accepted password (3 or 4); a refused one shows a quarter, whatever its shape.
  const value = verdict === undefined ? undefined : verdict.ok ? verdict.score : 1;
  const levelText = level ? t(`passwordStrength.levels.${level}`) : '';
  return (
    <div className="password-strength">
      {value !== undefined && level ? (
        <Meter
          className="password-strength__meter"
          minValue={0}
          maxValue={4}
          value={value}
          valueLabel={levelText}
        >
          <div className="password-strength__top">
            <Label className="password-strength__label">{t('passwordStrength.label')}</Label>
            <span className={`password-strength__level password-strength__level--${level}`}>{levelText}</span>
          </div>
          <div className="password-strength__track" aria-hidden="true">
            <div className={`password-strength__fill password-strength__fill--${value}`} />
          </div>
        </Meter>
      ) : null}
      {/* Always in the page, so a screen reader hears its changes. */}
      <p className="password-strength__reason" aria-live="polite">
        {verdict === undefined
          ? t('passwordStrength.hint')
          : verdict.ok
            ? t('passwordStrength.accepted')
            : verdict.reason}
      </p>
    </div>
  );
}
