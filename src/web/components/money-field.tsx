import { TextField, type TextFieldProps } from './text-field.tsx';

/**
 * A text input for an amount in dollars. It takes what people type ("25,000", "$12.50"); the form
 * turns the text into cents with `parseCents` and passes a parse error back as `errorMessage`.
 */
export function MoneyField(props: Omit<TextFieldProps, 'prefix' | 'inputMode'>) {
  return <TextField {...props} prefix="$" inputMode="decimal" />;
}
