import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { renamePasskeyRequest } from '../../../../identity/passkeys.schemas.ts';
import { isAboutFields } from '../../../api/client.ts';
import {
  fetchPasskeys,
  PASSKEYS_QUERY_KEY,
  type PasskeyListing,
  removePasskey,
  renamePasskey,
} from '../../../api/passkeys.ts';
import { FACTORS_QUERY_KEY } from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { Instant } from '../../../components/instant.tsx';
import { Notice } from '../../../components/notice.tsx';
import { FormField, RequestForm, useRequestForm } from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';
import { AddPasskey } from './add-passkey.tsx';
import { isStepUpRequired, StepUpNeeded, usePointAtStepUp, useStepUp } from './step-up.tsx';

const renameForm: FormSpec<'name'> = {
  name: { kind: 'text', requestKey: 'name', i18nKey: 'passkeys.fields.name' },
};

type ChangeProps = {
  passkey: PasskeyListing;
  /** After the change: what to tell the person, and whether focus must go to the section's top. */
  onDone: (notice: string, focusTop?: boolean) => void;
  /** The server wants a step-up first: the dialog closes and the person is sent to the panel. */
  onStepUpRequired: () => void;
};

/** The rename dialog's content: the name field, filled with the current name. */
function RenameForm({ passkey, onDone, onStepUpRequired, close }: ChangeProps & { close: () => void }) {
  const { t } = useTranslation();
  const form = useRequestForm(renameForm, renamePasskeyRequest);
  useEffect(() => form.reset({ name: passkey.name }), [form, passkey.name]);
  const mutation = useMutation({
    mutationFn: ({ name }: { name: string }) => renamePasskey(passkey.id, name),
    onSuccess: (renamed) => {
      close();
      onDone(t('passkeys.renamed', { name: renamed.name }));
    },
    onError: (error) => {
      if (!isStepUpRequired(error)) return;
      close();
      onStepUpRequired();
    },
  });
  return (
    <>
      {mutation.isError && !isAboutFields(mutation.error) && !isStepUpRequired(mutation.error) ? (
        <ApiErrorAlert error={mutation.error} />
      ) : null}
      <RequestForm
        form={form}
        spec={renameForm}
        onSubmit={mutation.mutateAsync}
        onInvalid={mutation.reset}
        submitLabel={t('passkeys.save')}
        pendingLabel={t('passkeys.saving')}
      >
        <FormField form={form} spec={renameForm} name="name" autoComplete="off" />
      </RequestForm>
      <div className="dialog__actions">
        <Button variant="quiet" onPress={close}>
          {t('passkeys.cancel')}
        </Button>
      </div>
    </>
  );
}

function RenamePasskey(props: ChangeProps) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={setOpen}>
      <Button variant="secondary" aria-label={t('passkeys.renameLabel', { name: props.passkey.name })}>
        {t('passkeys.rename')}
      </Button>
      <ModalOverlay isDismissable className="modal-overlay">
        <Modal className="modal">
          <Dialog className="dialog">
            <Heading slot="title">{t('passkeys.renameTitle')}</Heading>
            <RenameForm {...props} close={() => setOpen(false)} />
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

/** Removing asks first, in an alert dialog: a removed passkey cannot be brought back. */
function RemovePasskey({ passkey, onDone, onStepUpRequired }: ChangeProps) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: () => removePasskey(passkey.id),
    onSuccess: () => {
      setOpen(false);
      // The passkey's buttons go with it.
      onDone(t('passkeys.removed', { name: passkey.name }), true);
    },
    onError: (error) => {
      if (!isStepUpRequired(error)) return;
      setOpen(false);
      onStepUpRequired();
    },
  });
  return (
    <DialogTrigger
      isOpen={isOpen}
      onOpenChange={(open) => {
        mutation.reset();
        setOpen(open);
      }}
    >
      <Button variant="secondary" aria-label={t('passkeys.removeLabel', { name: passkey.name })}>
        {t('passkeys.remove')}
      </Button>
      <ModalOverlay isDismissable className="modal-overlay">
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            <Heading slot="title">{t('passkeys.removeTitle')}</Heading>
            <p>{t('passkeys.removeBody', { name: passkey.name })}</p>
            {mutation.isError && !isStepUpRequired(mutation.error) ? (
              <ApiErrorAlert error={mutation.error} />
            ) : null}
            <div className="dialog__actions">
              <Button isPending={mutation.isPending} onPress={() => mutation.mutate()}>
                {mutation.isPending ? t('passkeys.removing') : t('passkeys.confirmRemove')}
              </Button>
              <Button variant="secondary" onPress={() => setOpen(false)}>
                {t('passkeys.cancel')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function PasskeyItem(props: ChangeProps) {
  const { t } = useTranslation();
  const { passkey } = props;
  return (
    <li className="passkey-item">
      <h3 className="passkey-item__name">
        {passkey.name}
        {passkey.backedUp ? <span className="passkey-item__synced">{t('passkeys.synced')}</span> : null}
      </h3>
      <dl className="passkey-item__facts">
        <div>
          <dt className="passkey-item__label">{t('passkeys.added')}</dt>
          <dd className="passkey-item__value">
            <Instant value={passkey.createdAt} />
          </dd>
        </div>
        <div>
          <dt className="passkey-item__label">{t('passkeys.lastUsed')}</dt>
          <dd className="passkey-item__value">
            {passkey.lastUsedAt ? <Instant value={passkey.lastUsedAt} /> : t('passkeys.neverUsed')}
          </dd>
        </div>
      </dl>
      <div className="passkey-item__actions">
        <RenamePasskey {...props} />
        <RemovePasskey {...props} />
      </div>
    </li>
  );
}

/**
 * Passkeys in the security settings: the person's passkeys (name, when added, when last used), a way
 * to add one, and to rename or remove each. Changes need a recent step-up (the panel at the top).
 */
export function PasskeysSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const { isRecent } = useStepUp();
  const pointAtStepUp = usePointAtStepUp();
  const passkeys = useQuery({ queryKey: PASSKEYS_QUERY_KEY, queryFn: fetchPasskeys });
  const [notice, setNotice] = useState<string>();

  const onDone = (text: string, focusTop = false) => {
    setNotice(text);
    void queryClient.invalidateQueries({ queryKey: PASSKEYS_QUERY_KEY });
    // The person's factors change with their passkeys (the step-up panel offers them).
    void queryClient.invalidateQueries({ queryKey: FACTORS_QUERY_KEY });
    if (focusTop) titleRef.current?.focus();
  };
  const onStepUpRequired = () => {
    setNotice(undefined);
    pointAtStepUp();
  };

  return (
    <section aria-labelledby={titleId} className="security-section passkeys">
      <h2 id={titleId} ref={titleRef} tabIndex={-1}>
        {t('passkeys.title')}
      </h2>
      <p>{t('passkeys.lead')}</p>
      {isRecent ? null : <StepUpNeeded />}
      {notice ? <Notice>{notice}</Notice> : null}
      {passkeys.isPending ? (
        <p role="status" className="status">
          {t('passkeys.loading')}
        </p>
      ) : passkeys.isError ? (
        <>
          <ApiErrorAlert error={passkeys.error} />
          <Button isPending={passkeys.isFetching} onPress={() => void passkeys.refetch()}>
            {t('passkeys.retry')}
          </Button>
        </>
      ) : passkeys.data.length === 0 ? (
        <p className="note">{t('passkeys.none')}</p>
      ) : (
        <ul className="passkey-list">
          {passkeys.data.map((passkey) => (
            <PasskeyItem
              key={passkey.id}
              passkey={passkey}
              onDone={onDone}
              onStepUpRequired={onStepUpRequired}
            />
          ))}
        </ul>
      )}
      <AddPasskey onAdded={(passkey) => onDone(t('passkeys.addedNotice', { name: passkey.name }))} />
    </section>
  );
}
