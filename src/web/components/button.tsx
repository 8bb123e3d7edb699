import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

/** The portal's button: react-aria's (press, keyboard and pending handling) in the house style. */
export function Button(props: Omit<AriaButtonProps, 'className'>) {
  return <AriaButton {...props} className="button" />;
}
