import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { US_STATE_CODES } from '../../../core/us-address.ts';
import {
  bulkVehicleEdit,
  FLEET_STATUSES,
  type FleetRow,
  fleetStatus,
  vehicleEdit,
} from '../../../organizations/fleet.schemas.ts';
import { isAboutFields } from '../../api/client.ts';
import { bulkEditVehicles, organizationQueryKey } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, useBoundField, useBoundSelect, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';

/** The vehicles chosen for a change, by contract number, and the ways to change the choice. */
export type Selection = {
  chosen: ReadonlySet<string>;
  choose: (contractNumbers: string[], isChosen: boolean) => void;
  clear: () => void;
};

/** A list's first choice, which changes nothing. */
export const KEEP = 'keep';

/** A choice left at "keep" or a text left empty is no change: the request leaves that fact out. */
export const unlessKept = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === KEEP ? undefined : value), schema);

export const STATE_OPTIONS = US_STATE_CODES.map((code) => ({ id: code, label: code }));

/** The plate-state choice that clears it (the API's null): a list's keys cannot be null or empty. */
export const NO_PLATE_STATE = 'none';

/** A plate's state as the request carries it: "none" chosen clears it. */
export const plateStateChoice = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === NO_PLATE_STATE ? null : value), schema);

type Field = 'status' | 'costCenter' | 'plateState';
const spec: FormSpec<Field> = {
  status: { kind: 'optional', requestKey: 'status', i18nKey: 'organizations.fleet.bulk.fields.status' },
  costCenter: {
    kind: 'optional',
    requestKey: 'costCenter',
    i18nKey: 'organizations.fleet.bulk.fields.costCenter',
  },
  plateState: {
    kind: 'optional',
    requestKey: 'plateState',
    i18nKey: 'organizations.fleet.bulk.fields.plateState',
  },
};
const INITIAL = { status: KEEP, plateState: KEEP };

/**
 * One change (a status, a cost center, a plate's state) for the vehicles chosen in the table, on
 * this page and others: the server applies it to all of them or, naming a vehicle it refuses, to none.
 */
export function BulkEdit({
  organizationId,
  rows,
  selection,
}: {
  organizationId: string;
  rows: FleetRow[];
  selection: Selection;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const [done, setDone] = useState('');
  const schema = useMemo(
    () =>
      z
        .strictObject({
          status: unlessKept(fleetStatus.optional()),
          costCenter: bulkVehicleEdit.shape.changes.shape.costCenter,
          plateState: unlessKept(plateStateChoice(vehicleEdit.shape.plateState)),
        })
        .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
          message: t('organizations.fleet.bulk.nothing'),
        }),
    [t],
  );
  const form = useRequestForm(spec, schema, INITIAL);
  const statusProps = useBoundSelect(form, spec, 'status');
  const plateStateProps = useBoundSelect(form, spec, 'plateState');
  const costCenterProps = useBoundField(form, spec, 'costCenter');
  const change = useMutation({
    mutationFn: (changes: z.infer<typeof schema>) =>
      bulkEditVehicles(organizationId, { contractNumbers: [...selection.chosen], changes }),
    onSuccess: async ({ updated }) => {
      await queryClient.invalidateQueries({ queryKey: organizationQueryKey(organizationId) });
      selection.clear();
      form.reset(INITIAL);
      setDone(t('organizations.fleet.bulk.done', { count: updated }));
    },
  });
  const keep = { id: KEEP, label: t('organizations.fleet.bulk.keep') };
  const onPage = rows.map((row) => row.contractNumber);
  const chosenOnPage = onPage.filter((n) => selection.chosen.has(n)).length;
  const count = selection.chosen.size;

  return (
    <section aria-labelledby={titleId} className="fleet-bulk">
      <h3 id={titleId} className="fleet-bulk__title">
        {t('organizations.fleet.bulk.title')}
      </h3>
      <div className="fleet-bulk__choice">
        <Checkbox
          className="checkbox fleet-filters__check"
          isSelected={chosenOnPage > 0 && chosenOnPage === onPage.length}
          isIndeterminate={chosenOnPage > 0 && chosenOnPage < onPage.length}
          onChange={(isChosen) => {
            setDone('');
            selection.choose(onPage, isChosen);
          }}
        >
          <span className="checkbox__box" aria-hidden="true" />
          {t('organizations.fleet.bulk.choosePage')}
        </Checkbox>
        <p role="status" className="fleet-bulk__count">
          {count > 0 ? t('organizations.fleet.bulk.chosen', { count }) : t('organizations.fleet.bulk.hint')}
        </p>
        {count > 0 ? (
          <Button variant="quiet" onPress={selection.clear}>
            {t('organizations.fleet.bulk.clear')}
          </Button>
        ) : null}
      </div>
      {done ? <Notice>{done}</Notice> : null}
      {count > 0 ? (
        <>
          {change.isError && !isAboutFields(change.error) ? <ApiErrorAlert error={change.error} /> : null}
          <RequestForm
            form={form}
            spec={spec}
            onSubmit={change.mutateAsync}
            onInvalid={change.reset}
            submitLabel={t('organizations.fleet.bulk.submit', { count })}
            pendingLabel={t('organizations.fleet.bulk.submitting')}
          >
            <div className="fleet-bulk__fields">
              <SelectField
                {...statusProps}
                options={[
                  keep,
                  ...FLEET_STATUSES.map((status) => ({
                    id: status,
                    label: t(`organizations.statuses.${status}`),
                  })),
                ]}
              />
              <TextField {...costCenterProps} autoComplete="off" />
              <SelectField
                {...plateStateProps}
                options={[
                  keep,
                  { id: NO_PLATE_STATE, label: t('organizations.fleet.bulk.fields.plateState.clear') },
                  ...STATE_OPTIONS,
                ]}
              />
            </div>
          </RequestForm>
        </>
      ) : null}
    </section>
  );
}
