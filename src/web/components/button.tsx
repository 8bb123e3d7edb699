import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

const VARIANT_CLASS = {
  primary: 'button',
  secondary: 'button button--secondary',
  /** An action that looks like a link, for a quieter choice beside the main one. */
  quiet: 'text-button',
} as const;

type ButtonProps = Omit<AriaButtonProps, 'className'> & { variant?: keyof typeof VARIANT_CLASS };

/** The portal's button: react-aria's (press, keyboard and pending handling) in the house style. */
export function Button({ variant = 'primary', ...props }: ButtonProps) {
  return <AriaButton {...props} className={VARIANT_CLASS[variant]} />;
}
