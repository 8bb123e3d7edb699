import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { z } from 'zod';
import { driverRequest } from '../../../organizations/fleet.schemas.ts';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import { isAboutFields, retryHiccups } from '../../api/client.ts';
import { addDriver, type Driver, driversQueryKey, fetchDrivers } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Notice } from '../../components/notice.tsx';
import { Table } from '../../components/table.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { unlessKept } from './fleet-bulk-edit.tsx';
import { Nothing, OrganizationFrame, useOrganization } from './organization-frame.tsx';

type Field = 'name' | 'email' | 'phone';
const spec: FormSpec<Field> = {
  name: { kind: 'text', requestKey: 'name', i18nKey: 'organizations.drivers.add.fields.name' },
  email: { kind: 'optional', requestKey: 'email', i18nKey: 'organizations.drivers.add.fields.email' },
  phone: { kind: 'optional', requestKey: 'phone', i18nKey: 'organizations.drivers.add.fields.phone' },
};
/** The API's rules; an email address left empty is none. */
const addRequest = driverRequest.extend({ email: unlessKept(driverRequest.shape.email) });

function AddDriver({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [added, setAdded] = useState('');
  const form = useRequestForm(spec, addRequest);
  const add = useMutation({
    mutationFn: (request: z.infer<typeof addRequest>) => addDriver(organizationId, request),
    onSuccess: async (driver) => {
      await queryClient.invalidateQueries({ queryKey: driversQueryKey(organizationId) });
      form.reset();
      setAdded(t('organizations.drivers.add.added', { name: driver.name }));
    },
  });
  return (
    <section aria-labelledby="drivers-add" className="card fleet-section narrow-page">
      <h2 id="drivers-add">{t('organizations.drivers.add.title')}</h2>
      <Notice>{added}</Notice>
      {add.isError && !isAboutFields(add.error) ? <ApiErrorAlert error={add.error} /> : null}
      <RequestForm
        form={form}
        spec={spec}
        onSubmit={(request) => {
          setAdded('');
          return add.mutateAsync(request);
        }}
        onInvalid={() => setAdded('')}
        submitLabel={t('organizations.drivers.add.submit')}
        pendingLabel={t('organizations.drivers.add.submitting')}
      >
        <TextField {...useBoundField(form, spec, 'name')} autoComplete="off" />
        <TextField {...useBoundField(form, spec, 'email')} type="email" autoComplete="off" />
        <TextField {...useBoundField(form, spec, 'phone')} type="tel" autoComplete="off" />
      </RequestForm>
    </section>
  );
}

function DriversContent({ organization, drivers }: { organization: OrganizationDetail; drivers: Driver[] }) {
  const { t } = useTranslation();
  const header = (key: string) => t(`organizations.drivers.columns.${key}`);
  return (
    <>
      <p className="lead">{t('organizations.drivers.lead')}</p>
      <p>
        <Link href={`/fleet/${organization.id}`}>{t('organizations.vehicle.back')}</Link>
      </p>
      <section aria-labelledby="drivers-list" className="fleet-section">
        <h2 id="drivers-list">{t('organizations.drivers.title')}</h2>
        {drivers.length === 0 ? (
          <p className="empty-state">{t('organizations.drivers.none')}</p>
        ) : (
          <Table
            caption={t('organizations.drivers.caption', { count: drivers.length })}
            columns={[
              { key: 'name', header: header('name'), isRowHeader: true, cell: (d) => d.name },
              { key: 'email', header: header('email'), cell: (d) => d.email ?? <Nothing /> },
              { key: 'phone', header: header('phone'), cell: (d) => d.phone ?? <Nothing /> },
              {
                key: 'login',
                header: header('login'),
                cell: (d) =>
                  t(d.hasLogin ? 'organizations.drivers.hasLogin' : 'organizations.drivers.noLogin'),
              },
              { key: 'vehicles', header: header('vehicles'), isNumeric: true, cell: (d) => d.vehicles },
            ]}
            rows={drivers}
            rowKey={(d) => d.id}
            isStackedOnPhones
          />
        )}
      </section>
      <AddDriver organizationId={organization.id} />
    </>
  );
}

/**
 * `/fleet/:organizationId/drivers`, for those who manage the fleet (anyone else sees the not-found
 * page, as the API answers them): the drivers with how many vehicles each drives, and a way to add
 * one. Assigning a driver is on the vehicle's page.
 */
export function DriversPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  const managesFleet =
    useOrganization(organizationId).data?.actions.includes('organization.manage_fleet') ?? false;
  const drivers = useQuery({
    queryKey: driversQueryKey(organizationId),
    queryFn: () => fetchDrivers(organizationId),
    enabled: managesFleet,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.manage_fleet"
      title={(org) =>
        org
          ? t('organizations.drivers.pageTitle', { name: org.name })
          : t('organizations.drivers.pageTitleLoading')
      }
      queries={[drivers]}
      loadingText={t('organizations.drivers.loading')}
    >
      {(organization) =>
        drivers.data ? <DriversContent organization={organization} drivers={drivers.data} /> : null
      }
    </OrganizationFrame>
  );
}
