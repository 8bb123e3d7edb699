import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { z } from 'zod';
import { type OdometerReadingRequest, odometerReadingRequest } from '../../../accounts/vehicle.schemas.ts';
import {
  FLEET_STATUSES,
  type FleetRow,
  type FleetVehicleDetail,
  fleetVehicleResponse,
  vehicleEdit,
} from '../../../organizations/fleet.schemas.ts';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import { isAboutFields, postJson, retryHiccups } from '../../api/client.ts';
import {
  assignDriver,
  assignmentsQueryKey,
  driversQueryKey,
  editVehicle,
  fetchAssignments,
  fetchDrivers,
  fetchFleetVehicle,
  organizationQueryKey,
  vehicleQueryKey,
} from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay, formatCalendarDate } from '../../components/date-display.tsx';
import { Instant } from '../../components/instant.tsx';
import { Money } from '../../components/money.tsx';
import { Notice } from '../../components/notice.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Table } from '../../components/table.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, useBoundField, useBoundSelect, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { useLocale } from '../../i18n/locale.ts';
import { NO_PLATE_STATE, plateStateChoice, STATE_OPTIONS } from './fleet-bulk-edit.tsx';
import { Fact, Nothing, OrganizationFrame } from './organization-frame.tsx';

type Props = { organizationId: string; row: FleetRow };

/** Reports the vehicle's odometer through the fleet's API; answers the vehicle as it is now. */
function reportFleetOdometer(
  organizationId: string,
  contractNumber: string,
  reading: OdometerReadingRequest,
) {
  return postJson(
    `/api/v1/organizations/${encodeURIComponent(organizationId)}/vehicles/${encodeURIComponent(contractNumber)}/odometer-readings`,
    reading,
    fleetVehicleResponse,
  );
}

/** After a change to a vehicle: the fleet's pages and this one ask again (totals, rows, facets, history). */
function useRefreshFleet(organizationId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: organizationQueryKey(organizationId) });
}

/** What the member may know of the vehicle: its facts for everyone, its money for those who may see it. */
function VehicleFacts({ row, asOf, seesFinances }: { row: FleetRow; asOf: string; seesFinances: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const miles = (n: number) =>
    t('organizations.vehicle.facts.miles', { miles: new Intl.NumberFormat(locale).format(n) });
  const label = (key: string) => t(`organizations.vehicle.facts.${key}`);
  const { finances } = row;
  const excess = row.projectedExcessMiles ?? 0;
  return (
    <section aria-labelledby="vehicle-facts" className="card fleet-section">
      <h2 id="vehicle-facts">
        {t('organizations.vehicle.facts.title', { date: formatCalendarDate(asOf, locale) })}
      </h2>
      <dl className="facts">
        <Fact label={label('vehicle')}>{`${row.year} ${row.make} ${row.model}`}</Fact>
        <Fact label={label('vin')}>
          <span className="vehicle-vin">{row.vin}</span>
        </Fact>
        <Fact label={label('contract')}>
          {/* The contract's own pages: for members who may see its money (a driver may not). */}
          {seesFinances ? (
            <Link href={`/accounts/${encodeURIComponent(row.contractNumber)}`}>{row.contractNumber}</Link>
          ) : (
            row.contractNumber
          )}{' '}
          ({t(`organizations.kinds.${row.kind}`)})
        </Fact>
        <Fact label={label('unit')}>{row.unitNumber ?? <Nothing />}</Fact>
        <Fact label={label('plate')}>
          {row.plate ? [row.plateState, row.plate].filter(Boolean).join(' ') : <Nothing />}
        </Fact>
        <Fact label={label('costCenter')}>{row.costCenter ?? <Nothing />}</Fact>
        <Fact label={label('status')}>{t(`organizations.statuses.${row.status}`)}</Fact>
        <Fact label={label('driver')}>{row.driver?.name ?? t('organizations.fleet.cells.noDriver')}</Fact>
        <Fact label={label('odometer')}>
          {row.latestOdometer === null
            ? t('organizations.vehicle.facts.noReading')
            : miles(row.latestOdometer)}
        </Fact>
        <Fact label={label('maturity')}>
          <DateDisplay date={row.maturityDate} />
        </Fact>
        {row.kind === 'lease' ? (
          <Fact label={label('overMiles')}>
            {excess > 0 ? miles(excess) : t('organizations.vehicle.facts.withinAllowance')}
            {excess > 0 && seesFinances && row.projectedExcessChargeCents !== null ? (
              <>
                {' '}
                (<Money cents={row.projectedExcessChargeCents} />)
              </>
            ) : null}
          </Fact>
        ) : null}
        {finances ? (
          <>
            <Fact label={label('nextDue')}>
              {finances.nextDueDate ? (
                <>
                  <Money cents={finances.nextDueAmountCents} /> {t('organizations.vehicle.facts.dueOn')}{' '}
                  <DateDisplay date={finances.nextDueDate} />
                </>
              ) : (
                <Nothing />
              )}
            </Fact>
            <Fact label={label('pastDue')}>
              {finances.pastDueCents > 0 ? (
                <strong className="fleet-cell--past-due">
                  <Money cents={finances.pastDueCents} />{' '}
                  {t('organizations.fleet.cells.daysLate', { count: finances.daysPastDue })}
                </strong>
              ) : (
                <Nothing />
              )}
            </Fact>
            <Fact label={label('payoff')}>
              <Money cents={finances.payoffCents} />
            </Fact>
          </>
        ) : null}
      </dl>
    </section>
  );
}

type FactField = 'unitNumber' | 'plate' | 'plateState' | 'costCenter' | 'status';
const factsSpec: FormSpec<FactField> = {
  unitNumber: {
    kind: 'optional',
    requestKey: 'unitNumber',
    i18nKey: 'organizations.vehicle.edit.fields.unitNumber',
  },
  plate: { kind: 'optional', requestKey: 'plate', i18nKey: 'organizations.vehicle.edit.fields.plate' },
  plateState: {
    kind: 'optional',
    requestKey: 'plateState',
    i18nKey: 'organizations.vehicle.edit.fields.plateState',
  },
  costCenter: {
    kind: 'optional',
    requestKey: 'costCenter',
    i18nKey: 'organizations.vehicle.edit.fields.costCenter',
  },
  status: { kind: 'text', requestKey: 'status', i18nKey: 'organizations.vehicle.edit.fields.status' },
};
/** The API's rules; a plate's state not chosen, or "none" chosen, is none (the API's null clears it). */
const factsRequest = vehicleEdit.extend({
  plateState: plateStateChoice(
    z.preprocess((value) => (value === '' ? null : value), vehicleEdit.shape.plateState),
  ),
});

/** The fleet's own facts about the vehicle, for those who manage the fleet; an emptied text clears that fact. */
function EditFacts({ organizationId, row }: Props) {
  const { t } = useTranslation();
  const refresh = useRefreshFleet(organizationId);
  const [saved, setSaved] = useState('');
  const form = useRequestForm(factsSpec, factsRequest, {
    unitNumber: row.unitNumber ?? '',
    plate: row.plate ?? '',
    plateState: row.plateState ?? '',
    costCenter: row.costCenter ?? '',
    status: row.status,
  });
  const save = useMutation({
    // The form holds every fact: one left empty is sent null, which clears it (left out, it would stay).
    mutationFn: (edit: z.infer<typeof factsRequest>) =>
      editVehicle(organizationId, row.contractNumber, {
        unitNumber: edit.unitNumber ?? null,
        plate: edit.plate ?? null,
        plateState: edit.plateState ?? null,
        costCenter: edit.costCenter ?? null,
        ...(edit.status ? { status: edit.status } : {}),
      }),
    onSuccess: async () => {
      await refresh();
      setSaved(t('organizations.vehicle.edit.saved'));
    },
  });
  return (
    <section aria-labelledby="vehicle-edit" className="card fleet-section fleet-form">
      <h2 id="vehicle-edit">{t('organizations.vehicle.edit.title')}</h2>
      <Notice>{saved}</Notice>
      {save.isError && !isAboutFields(save.error) ? <ApiErrorAlert error={save.error} /> : null}
      <RequestForm
        form={form}
        spec={factsSpec}
        onSubmit={(request) => {
          setSaved('');
          return save.mutateAsync(request);
        }}
        onInvalid={() => setSaved('')}
        submitLabel={t('organizations.vehicle.edit.submit')}
        pendingLabel={t('organizations.vehicle.edit.submitting')}
      >
        <TextField {...useBoundField(form, factsSpec, 'unitNumber')} autoComplete="off" />
        <TextField {...useBoundField(form, factsSpec, 'plate')} autoComplete="off" />
        <SelectField
          {...useBoundSelect(form, factsSpec, 'plateState')}
          options={[
            { id: NO_PLATE_STATE, label: t('organizations.vehicle.edit.fields.plateState.none') },
            ...STATE_OPTIONS,
          ]}
          placeholder={t('organizations.vehicle.edit.fields.plateState.placeholder')}
        />
        <TextField {...useBoundField(form, factsSpec, 'costCenter')} autoComplete="off" />
        <SelectField
          {...useBoundSelect(form, factsSpec, 'status')}
          options={FLEET_STATUSES.map((status) => ({
            id: status,
            label: t(`organizations.statuses.${status}`),
          }))}
        />
      </RequestForm>
    </section>
  );
}

/** Who drives the vehicle, a way to assign another or none, and who drove it before. */
function DriverSection({ organizationId, row }: Props) {
  const { t } = useTranslation();
  const refresh = useRefreshFleet(organizationId);
  const historyId = useId();
  const [choice, setChoice] = useState(row.driver?.id ?? '');
  const [done, setDone] = useState('');
  const drivers = useQuery({
    queryKey: driversQueryKey(organizationId),
    queryFn: () => fetchDrivers(organizationId),
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  const history = useQuery({
    queryKey: assignmentsQueryKey(organizationId, row.contractNumber),
    queryFn: () => fetchAssignments(organizationId, row.contractNumber),
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  const assign = useMutation({
    mutationFn: (driverId: string | null) => assignDriver(organizationId, row.contractNumber, driverId),
    onSuccess: async (_answer, driverId) => {
      await refresh();
      const name = drivers.data?.find((d) => d.id === driverId)?.name;
      if (!driverId) setChoice('');
      setDone(
        name
          ? t('organizations.vehicle.driver.assigned', { name })
          : t('organizations.vehicle.driver.unassigned'),
      );
    },
  });
  const current = row.driver;
  return (
    <section aria-labelledby="vehicle-driver" className="card fleet-section">
      <h2 id="vehicle-driver">{t('organizations.vehicle.driver.title')}</h2>
      <p>
        {current
          ? t('organizations.vehicle.driver.current', { name: current.name })
          : t('organizations.vehicle.driver.none')}
      </p>
      <Notice>{done}</Notice>
      {assign.isError ? <ApiErrorAlert error={assign.error} /> : null}
      {drivers.isError ? <ApiErrorAlert error={drivers.error} /> : null}
      {drivers.data ? (
        <Form
          className="vehicle-driver__form"
          onSubmit={(event) => {
            event.preventDefault();
            setDone('');
            if (choice) assign.mutate(choice);
          }}
        >
          <SelectField
            id="vehicle-driver-choice"
            label={t('organizations.vehicle.driver.choose')}
            options={drivers.data.map((driver) => ({ id: driver.id, label: driver.name }))}
            value={choice}
            onChange={setChoice}
            placeholder={t('organizations.vehicle.driver.placeholder')}
          />
          <Button
            type="submit"
            isPending={assign.isPending && assign.variables !== null}
            isDisabled={!choice || choice === current?.id}
          >
            {t('organizations.vehicle.driver.assign')}
          </Button>
        </Form>
      ) : null}
      {current ? (
        <p>
          <Button
            variant="secondary"
            isPending={assign.isPending && assign.variables === null}
            onPress={() => {
              setDone('');
              assign.mutate(null);
            }}
          >
            {t('organizations.vehicle.driver.unassign', { name: current.name })}
          </Button>
        </p>
      ) : null}
      <p>
        <Link href={`/fleet/${organizationId}/drivers`}>{t('organizations.vehicle.driver.addLink')}</Link>
      </p>
      <h3 id={historyId}>{t('organizations.vehicle.driver.historyTitle')}</h3>
      {history.isError ? (
        <ApiErrorAlert error={history.error} />
      ) : !history.data ? (
        <p role="status" className="status">
          {t('organizations.vehicle.driver.historyLoading')}
        </p>
      ) : history.data.length === 0 ? (
        <p>{t('organizations.vehicle.driver.historyNone')}</p>
      ) : (
        <Table
          caption={t('organizations.vehicle.driver.historyCaption')}
          columns={[
            {
              key: 'name',
              header: t('organizations.vehicle.driver.columns.name'),
              isRowHeader: true,
              cell: (a) => a.name,
            },
            {
              key: 'from',
              header: t('organizations.vehicle.driver.columns.from'),
              cell: (a) => <Instant value={a.assignedAt} />,
            },
            {
              key: 'until',
              header: t('organizations.vehicle.driver.columns.until'),
              cell: (a) =>
                a.endedAt ? <Instant value={a.endedAt} /> : t('organizations.vehicle.driver.now'),
            },
          ]}
          rows={history.data}
          rowKey={(a) => `${a.driverId}-${a.assignedAt}`}
          isStackedOnPhones
        />
      )}
    </section>
  );
}

const odometerSpec = {
  // `months` is the forms' whole-number kind; the field itself says miles (label and suffix).
  miles: { kind: 'months', requestKey: 'miles', i18nKey: 'organizations.vehicle.odometer.miles' },
  readOn: { kind: 'text', requestKey: 'readOn', i18nKey: 'organizations.vehicle.odometer.readOn' },
} as const satisfies FormSpec<'miles' | 'readOn'>;

/**
 * The vehicle's odometer readings and the form to report one, through the fleet's own API: for its
 * managers and for the driver of this vehicle. The server judges the reading by the account's rules
 * (not below an earlier one, not in the future) and names the field it refuses.
 */
function FleetOdometer({
  organizationId,
  vehicle,
  asOf,
}: {
  organizationId: string;
  vehicle: FleetVehicleDetail;
  asOf: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const refresh = useRefreshFleet(organizationId);
  const [saved, setSaved] = useState('');
  const miles = (n: number) =>
    t('organizations.vehicle.facts.miles', { miles: new Intl.NumberFormat(locale).format(n) });
  // The business date is "today": a reading is for it unless read earlier.
  const initial = { readOn: asOf };
  const form = useRequestForm(odometerSpec, odometerReadingRequest, initial);
  const report = useMutation({
    mutationFn: (reading: OdometerReadingRequest) =>
      reportFleetOdometer(organizationId, vehicle.contractNumber, reading),
    onSuccess: async (_answer, reading) => {
      form.reset(initial);
      setSaved(t('organizations.vehicle.odometer.saved', { miles: miles(reading.miles) }));
      await refresh();
    },
  });
  return (
    <section aria-labelledby="vehicle-odometer" className="card fleet-section fleet-form">
      <h2 id="vehicle-odometer">{t('organizations.vehicle.odometer.title')}</h2>
      {vehicle.readings.length === 0 ? (
        <p>{t('organizations.vehicle.odometer.none', { miles: miles(vehicle.odometerAtContract) })}</p>
      ) : (
        <Table
          caption={t('organizations.vehicle.odometer.caption')}
          columns={[
            {
              key: 'readOn',
              header: t('organizations.vehicle.odometer.columns.readOn'),
              cell: (r) => <DateDisplay date={r.readOn} />,
              isRowHeader: true,
            },
            {
              key: 'miles',
              header: t('organizations.vehicle.odometer.columns.miles'),
              cell: (r) => miles(r.miles),
              isNumeric: true,
            },
          ]}
          rows={vehicle.readings}
          rowKey={(r) => r.readOn}
          isStackedOnPhones
        />
      )}
      <h3>{t('organizations.vehicle.odometer.formTitle')}</h3>
      <Notice>{saved}</Notice>
      {report.isError && !isAboutFields(report.error) ? <ApiErrorAlert error={report.error} /> : null}
      <RequestForm
        form={form}
        spec={odometerSpec}
        onSubmit={(reading) => {
          setSaved('');
          return report.mutateAsync(reading);
        }}
        onInvalid={() => setSaved('')}
        submitLabel={t('organizations.vehicle.odometer.submit')}
        pendingLabel={t('organizations.vehicle.odometer.submitting')}
      >
        <TextField
          {...useBoundField(form, odometerSpec, 'miles')}
          inputMode="numeric"
          suffix={t('organizations.vehicle.odometer.suffix')}
        />
        <TextField {...useBoundField(form, odometerSpec, 'readOn')} autoComplete="off" />
      </RequestForm>
    </section>
  );
}

function VehicleContent({
  organization,
  asOf,
  row,
}: {
  organization: OrganizationDetail;
  asOf: string;
  row: FleetVehicleDetail;
}) {
  const { t } = useTranslation();
  const managesFleet = organization.actions.includes('organization.manage_fleet');
  const props = { organizationId: organization.id, row };
  return (
    <>
      <p>
        <Link href={`/fleet/${organization.id}`}>{t('organizations.vehicle.back')}</Link>
      </p>
      <VehicleFacts
        row={row}
        asOf={asOf}
        seesFinances={organization.actions.includes('organization.view_finances')}
      />
      {managesFleet ? (
        <>
          <EditFacts {...props} />
          <DriverSection {...props} />
        </>
      ) : null}
      {organization.actions.includes('organization.report_odometer') ? (
        <FleetOdometer organizationId={organization.id} vehicle={row} asOf={asOf} />
      ) : null}
    </>
  );
}

/**
 * `/fleet/:organizationId/vehicles/:contractNumber`: one vehicle as the member may see it (a
 * driver: only one they drive, without money). Those who manage the fleet change its facts here,
 * assign its driver (the history is kept) and report its odometer.
 */
export function FleetVehiclePage() {
  const { t } = useTranslation();
  const { organizationId = '', contractNumber = '' } = useParams();
  const answer = useQuery({
    queryKey: vehicleQueryKey(organizationId, contractNumber),
    queryFn: () => fetchFleetVehicle(organizationId, contractNumber),
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  const row = answer.data?.vehicle;
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.view"
      title={() =>
        row
          ? t('organizations.vehicle.title', {
              unit: row.unitNumber ?? row.contractNumber,
              vehicle: `${row.year} ${row.make} ${row.model}`,
            })
          : t('organizations.vehicle.titleLoading')
      }
      queries={[answer]}
      loadingText={t('organizations.vehicle.loading')}
    >
      {(organization) =>
        answer.data ? (
          // A new key per vehicle: the forms start again from its facts.
          <VehicleContent
            key={answer.data.vehicle.contractNumber}
            organization={organization}
            asOf={answer.data.asOf}
            row={answer.data.vehicle}
          />
        ) : null
      }
    </OrganizationFrame>
  );
}
