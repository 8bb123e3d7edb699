import type { ReactNode, Ref } from 'react';
import {
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
  FieldError,
  Input,
  Label,
  Text,
} from 'react-aria-components';

export type TextFieldProps = Omit<AriaTextFieldProps, 'children' | 'className' | 'isInvalid'> & {
  label: string;
  description?: string | undefined;
  /** Shown under the label and tied to the input by aria-describedby; its presence marks the field invalid. */
  errorMessage?: string | undefined;
  inputRef?: Ref<HTMLInputElement> | undefined;
  /** Decoration beside the input ("$", "%"); the label and description must say the same in words. */
  prefix?: string | undefined;
  suffix?: string | undefined;
  /** A control inside the input's frame, such as a show-password button. */
  action?: ReactNode;
};

export function TextField({
  label,
  description,
  errorMessage,
  inputRef,
  prefix,
  suffix,
  action,
  ...props
}: TextFieldProps) {
  return (
    <AriaTextField {...props} isInvalid={Boolean(errorMessage)} className="field">
      <Label className="field__label">{label}</Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error">{errorMessage}</FieldError>
      <div className="field__control">
        {prefix ? (
          <span className="field__affix" aria-hidden="true">
            {prefix}
          </span>
        ) : null}
        <Input ref={inputRef} className="field__input" />
        {suffix ? (
          <span className="field__affix" aria-hidden="true">
            {suffix}
          </span>
        ) : null}
        {action}
      </div>
    </AriaTextField>
  );
}
