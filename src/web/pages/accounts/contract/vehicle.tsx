import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Label, Meter } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  type CoverageStatusResponse,
  odometerReadingRequest,
  type VehicleResponse,
} from '../../../../accounts/vehicle.schemas.ts';
import { isAboutFields } from '../../../api/client.ts';
import { fetchVehicle, reportOdometerReading, vehicleQueryKey } from '../../../api/vehicle.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { DateDisplay } from '../../../components/date-display.tsx';
import { Money } from '../../../components/money.tsx';
import { Notice } from '../../../components/notice.tsx';
import { Table } from '../../../components/table.tsx';
import { TextField } from '../../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';
import { useLocale } from '../../../i18n/locale.ts';

/**
 * The vehicle of one account: what it is (with the VIN's check digit verified), the maker's
 * warranty in plain words, the odometer readings with a form to report today's, and for a lease the
 * mileage tracker.
 */
export function VehiclePage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const vehicle = useQuery({
    queryKey: vehicleQueryKey(contractNumber),
    queryFn: () => fetchVehicle(contractNumber),
  });

  if (vehicle.isPending) {
    return (
      <div className="vehicle-page" aria-busy="true">
        <p className="visually-hidden">{t('vehicle.loading')}</p>
        <div className="card vehicle-skeleton" aria-hidden="true" />
        <div className="card vehicle-skeleton" aria-hidden="true" />
      </div>
    );
  }
  if (vehicle.isError) return <ApiErrorAlert error={vehicle.error} />;
  const v = vehicle.data;
  return (
    <div className="vehicle-page">
      <VehicleCard vehicle={v} />
      <WarrantyCard vehicle={v} />
      {v.mileage ? <MileageTracker vehicle={v} mileage={v.mileage} /> : null}
      <OdometerReadings contractNumber={contractNumber} vehicle={v} />
    </div>
  );
}

function useMiles() {
  const locale = useLocale();
  return (miles: number) => miles.toLocaleString(locale);
}

function VehicleCard({ vehicle: v }: { vehicle: VehicleResponse }) {
  const { t } = useTranslation();
  const miles = useMiles();
  return (
    <section className="card" aria-labelledby="vehicle-card-title">
      <h2 id="vehicle-card-title">{[v.year, v.make, v.model, v.trim].filter(Boolean).join(' ')}</h2>
      <dl className="facts">
        <div>
          <dt className="facts__label">{t('vehicle.vin')}</dt>
          <dd className="facts__value">
            <span className="vehicle-vin">{v.vin}</span>{' '}
            {v.vinCheckDigitValid ? (
              <span className="badge vehicle-badge--ok">{t('vehicle.vinValid')}</span>
            ) : (
              <span className="badge vehicle-badge--warn">{t('vehicle.vinInvalid')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="facts__label">{t('vehicle.condition')}</dt>
          <dd className="facts__value">{t(`vehicle.conditions.${v.condition}`)}</dd>
        </div>
        <div>
          <dt className="facts__label">{t('vehicle.odometerAtContract')}</dt>
          <dd className="facts__value">
            {t('vehicle.milesOn', { miles: miles(v.odometerAtContract) })}{' '}
            <DateDisplay date={v.contractDate} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

function CoverageText({ coverage }: { coverage: CoverageStatusResponse }) {
  const { t } = useTranslation();
  const miles = useMiles();
  switch (coverage.status) {
    case 'covered':
      return (
        <p>
          <span className="badge vehicle-badge--ok">{t('vehicle.warranty.covered')}</span>{' '}
          {t('vehicle.warranty.coveredUntil')} <DateDisplay date={coverage.endsOn} />{' '}
          {t('vehicle.warranty.coveredOrMiles', { miles: miles(coverage.miles) })}
        </p>
      );
    case 'expired':
      return (
        <p>
          <span className="badge vehicle-badge--muted">{t('vehicle.warranty.expired')}</span>{' '}
          {coverage.by === 'miles' || coverage.endsOn === null ? (
            t('vehicle.warranty.endedAtMiles', { miles: miles(coverage.miles) })
          ) : (
            <>
              {t('vehicle.warranty.endedOn')} <DateDisplay date={coverage.endsOn} />.
            </>
          )}
        </p>
      );
    case 'unknown':
      return (
        <p>
          <span className="badge vehicle-badge--muted">{t('vehicle.warranty.unknown')}</span>{' '}
          {coverage.reason === 'make' || coverage.years === null || coverage.miles === null
            ? t('vehicle.warranty.unknownMake')
            : t('vehicle.warranty.unknownInService', { years: coverage.years, miles: miles(coverage.miles) })}
        </p>
      );
  }
}

function WarrantyCard({ vehicle: v }: { vehicle: VehicleResponse }) {
  const { t } = useTranslation();
  const miles = useMiles();
  return (
    <section className="card" aria-labelledby="warranty-title">
      <h2 id="warranty-title">{t('vehicle.warranty.title')}</h2>
      <h3>{t('vehicle.warranty.basic')}</h3>
      <CoverageText coverage={v.warranty.basic} />
      <h3>{t('vehicle.warranty.powertrain')}</h3>
      <CoverageText coverage={v.warranty.powertrain} />
      <p className="field__description">
        {t('vehicle.warranty.basis', { make: v.make, miles: miles(v.latestMiles) })}
      </p>
    </section>
  );
}

/** A bar drawn in SVG (attributes, not inline styles, so the Content-Security-Policy allows it). */
function MeterBar({ percent }: { percent: number }) {
  const width = Math.min(100, Math.max(0, percent));
  return (
    <svg className="mileage-meter__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect className="mileage-meter__track" x="0" y="0" width="100" height="10" />
      <rect
        className={percent > 100 ? 'mileage-meter__fill mileage-meter__fill--over' : 'mileage-meter__fill'}
        x="0"
        y="0"
        width={width}
        height="10"
      />
    </svg>
  );
}

type Projection = NonNullable<NonNullable<VehicleResponse['mileage']>['projection']>;

/** Miles used against the allowance to date, as a meter with the same figures in words. */
function UsageMeter({ projection: p }: { projection: Projection }) {
  const { t } = useTranslation();
  const miles = useMiles();
  const percent = p.allowanceToDate === 0 ? 100 : (p.milesUsedToDate / p.allowanceToDate) * 100;
  const text = t('vehicle.mileage.usedOfAllowed', {
    used: miles(p.milesUsedToDate),
    allowed: miles(p.allowanceToDate),
  });
  const over = p.milesUsedToDate - p.allowanceToDate;
  return (
    <Meter
      className="mileage-meter"
      minValue={0}
      maxValue={Math.max(p.allowanceToDate, p.milesUsedToDate, 1)}
      value={p.milesUsedToDate}
      valueLabel={text}
    >
      <Label className="mileage-meter__label">
        {t('vehicle.mileage.meterLabel')} <DateDisplay date={p.asOf} />
      </Label>
      <MeterBar percent={percent} />
      <p className="mileage-meter__text">
        {text}{' '}
        {over > 0
          ? t('vehicle.mileage.over', { miles: miles(over) })
          : t('vehicle.mileage.under', { miles: miles(-over) })}
      </p>
    </Meter>
  );
}

function MileageTracker({
  vehicle: v,
  mileage,
}: {
  vehicle: VehicleResponse;
  mileage: NonNullable<VehicleResponse['mileage']>;
}) {
  const { t } = useTranslation();
  const miles = useMiles();
  const p = mileage.projection;
  return (
    <section className="card" aria-labelledby="mileage-title">
      <h2 id="mileage-title">{t('vehicle.mileage.title')}</h2>
      <p>
        {t('vehicle.mileage.allowance', {
          perYear: miles(mileage.perYearMiles),
          total: miles(mileage.allowedMiles),
        })}
      </p>
      {p ? (
        <>
          <UsageMeter projection={p} />
          <dl className="facts">
            <div>
              <dt className="facts__label">{t('vehicle.mileage.projected')}</dt>
              <dd className="facts__value">
                {t('vehicle.miles', { miles: miles(p.projectedMilesAtMaturity) })}
              </dd>
            </div>
            <div>
              <dt className="facts__label">{t('vehicle.mileage.projectedCharge')}</dt>
              <dd className="facts__value">
                <Money cents={p.projectedChargeCents} />
                {p.projectedExcessMiles > 0
                  ? ` ${t('vehicle.mileage.excessMiles', { miles: miles(p.projectedExcessMiles) })}`
                  : ` ${t('vehicle.mileage.noCharge')}`}
              </dd>
            </div>
          </dl>
          <details className="vehicle-how">
            <summary>{t('vehicle.mileage.howTitle')}</summary>
            <p>
              {t('vehicle.mileage.howAllowance', { total: miles(mileage.allowedMiles) })}{' '}
              <DateDisplay date={v.contractDate} /> – <DateDisplay date={mileage.maturityDate} />.
            </p>
            <p>{t('vehicle.mileage.howProjection')}</p>
            <p>
              {t('vehicle.mileage.howCharge')} <Money cents={mileage.excessMileageRateCents} />.
            </p>
          </details>
        </>
      ) : (
        <p>{t('vehicle.mileage.noReadings')}</p>
      )}
    </section>
  );
}

// `months` is the forms' whole-number kind; the field itself says miles (label and suffix).
const spec = {
  miles: { kind: 'months', requestKey: 'miles', i18nKey: 'vehicle.form.miles' },
} as const satisfies FormSpec<'miles'>;

/** The readings reported, with a form to report today's (also on a fleet's vehicle page, for its managers). */
export function OdometerReadings({
  contractNumber,
  vehicle: v,
  onReported,
}: {
  contractNumber: string;
  vehicle: VehicleResponse;
  /** What else a new reading changes on the page showing the form. */
  onReported?: () => void;
}) {
  const { t } = useTranslation();
  const miles = useMiles();
  const queryClient = useQueryClient();
  const form = useRequestForm(spec, odometerReadingRequest);
  const [saved, setSaved] = useState<number | undefined>();
  const mutation = useMutation({
    mutationFn: (request: { miles: number }) => reportOdometerReading(contractNumber, request),
    onSuccess: (updated, request) => {
      queryClient.setQueryData(vehicleQueryKey(contractNumber), updated);
      form.reset();
      setSaved(request.miles);
      onReported?.();
    },
  });
  const field = useBoundField(form, spec, 'miles');
  return (
    <section className="card" aria-labelledby="readings-title">
      <h2 id="readings-title">{t('vehicle.readings.title')}</h2>
      {v.readings.length === 0 ? (
        <p>{t('vehicle.readings.none', { miles: miles(v.odometerAtContract) })}</p>
      ) : (
        <Table
          caption={t('vehicle.readings.caption')}
          columns={[
            {
              key: 'readOn',
              header: t('vehicle.readings.date'),
              cell: (r) => <DateDisplay date={r.readOn} />,
              isRowHeader: true,
            },
            {
              key: 'miles',
              header: t('vehicle.readings.miles'),
              cell: (r) => miles(r.miles),
              isNumeric: true,
            },
          ]}
          rows={v.readings}
          rowKey={(r) => r.readOn}
        />
      )}
      <h3>{t('vehicle.form.title')}</h3>
      <Notice>{saved === undefined ? '' : t('vehicle.form.saved', { miles: miles(saved) })}</Notice>
      {mutation.isError && !isAboutFields(mutation.error) ? <ApiErrorAlert error={mutation.error} /> : null}
      <RequestForm
        form={form}
        spec={spec}
        onSubmit={(request) => {
          setSaved(undefined);
          return mutation.mutateAsync({ miles: request.miles });
        }}
        onInvalid={() => setSaved(undefined)}
        submitLabel={t('vehicle.form.submit')}
        pendingLabel={t('vehicle.form.submitting')}
      >
        <TextField {...field} inputMode="numeric" suffix={t('vehicle.form.suffix')} />
      </RequestForm>
    </section>
  );
}
