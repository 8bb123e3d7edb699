import { type ReactNode, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { TextField, type TextFieldProps } from './text-field.tsx';

type PasswordFieldProps = Omit<TextFieldProps, 'type' | 'action' | 'autoComplete'> & {
  /** `new-password` lets a password manager offer a strong one; `current-password` fills the saved one. */
  autoComplete: 'current-password' | 'new-password';
  /** Shown under the field, such as the strength meter of a new password. */
  children?: ReactNode;
};

/**
 * A password input with a Show/Hide button, so a person can check what they typed (NIST SP
 * 800-63B §3.1.1.2 asks to offer it). Paste and password managers work as in any input.
 */
export function PasswordField({ children, ...props }: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visibility, setVisibility] = useState<'initial' | 'shown' | 'hidden'>('initial');
  const isShown = visibility === 'shown';
  return (
    <div className="password-field">
      <TextField
        {...props}
        type={isShown ? 'text' : 'password'}
        action={
          <Button
            className="field__action"
            aria-label={t(isShown ? 'passwordField.hideLabel' : 'passwordField.showLabel', {
              label: props.label,
            })}
            onPress={() => setVisibility(isShown ? 'hidden' : 'shown')}
          >
            {t(isShown ? 'passwordField.hide' : 'passwordField.show')}
          </Button>
        }
      />
      {/* Some screen readers do not re-read a button whose name changed, so say the new state. */}
      <p className="visually-hidden" aria-live="polite">
        {visibility === 'initial' ? '' : t(isShown ? 'passwordField.shown' : 'passwordField.hidden')}
      </p>
      {children}
    </div>
  );
}
