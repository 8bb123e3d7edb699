import type { ReactNode } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { Button } from './button.tsx';

/** What the dialog needs of the action it confirms (a TanStack mutation fits). */
type ConfirmedAction = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  mutate: () => void;
  reset: () => void;
};

/**
 * A button that asks before doing something that cannot be undone (remove, cancel): an alert dialog
 * with the consequence, the action and a way to keep things as they are. The caller closes it when
 * the action succeeds; a failure is shown inside it, and closing it clears the failure.
 */
export function ConfirmDialog({
  triggerLabel,
  isTriggerDisabled = false,
  title,
  children,
  confirmLabel,
  keepLabel,
  action,
  isOpen,
  onOpenChange,
  errorMessages,
}: {
  triggerLabel: string;
  isTriggerDisabled?: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  keepLabel: string;
  action: ConfirmedAction;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** The page's words for refusals the action can meet, by error code (see `ApiErrorAlert`). */
  errorMessages?: Partial<Record<string, string>>;
}) {
  return (
    <DialogTrigger
      isOpen={isOpen}
      onOpenChange={(open) => {
        onOpenChange(open);
        if (!open) action.reset();
      }}
    >
      <Button variant="secondary" isDisabled={isTriggerDisabled}>
        {triggerLabel}
      </Button>
      <ModalOverlay isDismissable={!action.isPending} className="modal-overlay">
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                {children}
                {action.isError ? <ApiErrorAlert error={action.error} messages={errorMessages} /> : null}
                <div className="dialog__actions">
                  <Button isPending={action.isPending} onPress={() => action.mutate()}>
                    {confirmLabel}
                  </Button>
                  <Button variant="secondary" isDisabled={action.isPending} onPress={close}>
                    {keepLabel}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
