import type { Ref } from 'react';
import {
  Button,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
} from 'react-aria-components';

export type SelectOption = { id: string; label: string };

export type SelectFieldProps = {
  /** Also the trigger button's id, so an error summary link can focus it. */
  id?: string | undefined;
  label: string;
  description?: string | undefined;
  /** Its presence marks the field invalid, as with TextField. */
  errorMessage?: string | undefined;
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  onBlur?: (() => void) | undefined;
  placeholder?: string | undefined;
  isRequired?: boolean | undefined;
  triggerRef?: Ref<HTMLButtonElement> | undefined;
};

/** A choice from a list (a US state, a number of days): react-aria's Select in the fields' frame. */
export function SelectField({
  id,
  label,
  description,
  errorMessage,
  options,
  value,
  onChange,
  onBlur,
  placeholder,
  isRequired,
  triggerRef,
}: SelectFieldProps) {
  return (
    <Select
      className="field select-field"
      value={value === '' ? null : value}
      onChange={(key) => onChange(key === null ? '' : String(key))}
      onBlur={onBlur}
      isInvalid={Boolean(errorMessage)}
      isRequired={isRequired}
      placeholder={placeholder}
    >
      <Label className="field__label">{label}</Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error">{errorMessage}</FieldError>
      <Button id={id} ref={triggerRef} className="field__control select-field__trigger">
        <SelectValue className="select-field__value" />
        <span aria-hidden="true" className="select-field__chevron">
          ▾
        </span>
      </Button>
      <Popover className="select-field__popover">
        <ListBox className="select-field__list" items={options}>
          {(option) => (
            <ListBoxItem id={option.id} className="select-field__option" textValue={option.label}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
