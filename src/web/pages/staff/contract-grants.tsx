import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffGrantEndRequest } from '../../../grants/grants.schemas.ts';
import { ApiError } from '../../api/client.ts';
import { fetchStaffGrants, type StaffGrant, staffEndGrant, staffGrantsQueryKey } from '../../api/grants.ts';
import type { CustomerDetail } from '../../api/staff.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Notice } from '../../components/notice.tsx';
import { TextField } from '../../components/text-field.tsx';
import { staffQueryOptions } from './staff-frame.tsx';

const LIVE: readonly StaffGrant['state'][] = ['invited', 'active'];

/** Ends one grant at once (a fraud report, say), with the reason the audit log keeps. */
function EndAccess({
  grant,
  contractNumber,
  onDone,
}: {
  grant: StaffGrant;
  contractNumber: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const end = useMutation({
    mutationFn: (text: string) => staffEndGrant(contractNumber, grant.id, text),
    onSuccess: async () => {
      setOpen(false);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: staffGrantsQueryKey(contractNumber) });
      onDone(t('grants.staff.ended', { name: grant.name, contractNumber }));
    },
  });
  const serverReason = end.error instanceof ApiError ? end.error.fields.reason : undefined;
  return (
    <ConfirmDialog
      triggerLabel={t('grants.staff.end', { name: grant.name })}
      title={t('grants.staff.endTitle', { name: grant.name, contractNumber })}
      confirmLabel={t('grants.staff.endConfirm')}
      keepLabel={t('grants.access.keep')}
      action={{
        isPending: end.isPending,
        isError: end.isError && !serverReason,
        error: end.error,
        reset: () => {
          end.reset();
          setReasonError(undefined);
        },
        mutate: () => {
          // The same rule as the server's: a reason of at least 3 characters.
          const parsed = staffGrantEndRequest.safeParse({ reason });
          if (!parsed.success) {
            setReasonError(t('grants.staff.reasonRequired'));
            return;
          }
          setReasonError(undefined);
          end.mutate(parsed.data.reason);
        },
      }}
      isOpen={isOpen}
      onOpenChange={setOpen}
    >
      <p>{t('grants.staff.endBody', { name: grant.name })}</p>
      <TextField
        label={t('grants.staff.reason')}
        description={t('grants.staff.reasonHelp')}
        value={reason}
        onChange={(next) => {
          setReason(next);
          setReasonError(undefined);
        }}
        errorMessage={reasonError ?? serverReason}
        isRequired
      />
    </ConfirmDialog>
  );
}

/** One contract's grants, asked only when the agent opens them (each look is audited). */
function ContractGrants({ contractNumber }: { contractNumber: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [isShown, setShown] = useState(false);
  const [done, setDone] = useState('');
  const grants = useQuery({
    queryKey: staffGrantsQueryKey(contractNumber),
    queryFn: () => fetchStaffGrants(contractNumber),
    enabled: isShown,
    ...staffQueryOptions,
  });
  return (
    <li aria-labelledby={titleId} className="card">
      <h3 id={titleId}>{t('grants.staff.contractTitle', { contractNumber })}</h3>
      {done ? <Notice>{done}</Notice> : null}
      {!isShown ? (
        <Button variant="secondary" onPress={() => setShown(true)}>
          {t('grants.staff.show', { contractNumber })}
        </Button>
      ) : grants.isPending ? (
        <p role="status" className="status">
          {t('grants.staff.loading')}
        </p>
      ) : grants.isError ? (
        <ApiErrorAlert error={grants.error} />
      ) : grants.data.length === 0 ? (
        <p>{t('grants.staff.none')}</p>
      ) : (
        <ul className="staff-list">
          {grants.data.map((grant) => (
            <li key={grant.id}>
              <p>
                <strong>{grant.name}</strong> ({grant.email}){' · '}
                {t(`grants.permissions.${grant.permission}`)}
                {' · '}
                {t(`grants.states.${grant.state}`)}
                {grant.endsOn ? (
                  <>
                    {' · '}
                    {t('grants.dashboard.until')} <DateDisplay date={grant.endsOn} />
                  </>
                ) : null}
              </p>
              <p className="note">
                {t('grants.staff.grantedBy', { name: grant.grantedBy })}
                {grant.endReason ? ` ${t('grants.staff.endReason', { reason: grant.endReason })}` : ''}
              </p>
              {LIVE.includes(grant.state) ? (
                <EndAccess grant={grant} contractNumber={contractNumber} onDone={setDone} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The people a customer's contracts are shared with (grants), per contract, for an agent on a
 * call or a fraud report; a live grant can be ended here with a reason.
 */
export function ContractGrantsSection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  if (customer.contracts.length === 0) return null;
  return (
    <section aria-labelledby="customer-grants" className="staff-section">
      <h2 id="customer-grants">{t('grants.staff.title')}</h2>
      <p className="note">{t('grants.staff.lead')}</p>
      <ul className="staff-list">
        {customer.contracts.map((c) => (
          <ContractGrants key={c.contractNumber} contractNumber={c.contractNumber} />
        ))}
      </ul>
    </section>
  );
}
