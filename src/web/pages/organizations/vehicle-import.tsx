import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FileTrigger, Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import { ApiError } from '../../api/client.ts';
import { importVehicles, organizationQueryKey } from '../../api/organizations.ts';
import { Alert } from '../../components/alert.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { Table } from '../../components/table.tsx';
import { OrganizationFrame } from './organization-frame.tsx';

/** The columns of a vehicle CSV, as the API reads them. */
const COLUMNS = 'contractNumber,unitNumber,plate,plateState,costCenter,status';

type RowProblem = { key: string; row: number | null; field: string; message: string };

/** The API names each problem `row N: field` (the header being row 1); anything else concerns the whole file. */
function rowProblems(error: ApiError): RowProblem[] {
  return Object.entries(error.fields).map(([key, message]) => {
    const match = /^row (\d+): (.+)$/.exec(key);
    return match
      ? { key, row: Number(match[1]), field: match[2]!, message }
      : { key, row: null, field: key, message };
  });
}

/** Why the file was refused: every problem row by row, when the rows were the trouble. */
function Refusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError && error.code === 'FLEET.CSV_INVALID'))
    return <ApiErrorAlert error={error} />;
  const problems = rowProblems(error);
  const header = (key: string) => t(`organizations.import.problems.${key}`);
  return (
    <>
      <Alert>
        <p>{t('organizations.import.problems.lead', { count: problems.length })}</p>
      </Alert>
      <Table
        caption={t('organizations.import.problems.caption')}
        columns={[
          {
            key: 'row',
            header: header('row'),
            isRowHeader: true,
            isNumeric: true,
            cell: (p) => p.row ?? '—',
          },
          { key: 'field', header: header('field'), cell: (p) => <code>{p.field}</code> },
          { key: 'message', header: header('message'), cell: (p) => p.message },
        ]}
        rows={problems}
        rowKey={(p) => p.key}
        isStackedOnPhones
      />
    </>
  );
}

function ImportContent({ organization }: { organization: OrganizationDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => importVehicles(organization.id, chosen),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationQueryKey(organization.id) }),
  });
  return (
    <>
      <p className="lead">{t('organizations.import.lead')}</p>
      <p>
        <Link href={`/fleet/${organization.id}`}>{t('organizations.vehicle.back')}</Link>
      </p>
      <section aria-labelledby="import-format" className="fleet-section">
        <h2 id="import-format">{t('organizations.import.formatTitle')}</h2>
        <p>{t('organizations.import.formatLead')}</p>
        <pre className="import-columns">
          <code>{COLUMNS}</code>
        </pre>
        <ul>
          <li>{t('organizations.import.rules.contract')}</li>
          <li>{t('organizations.import.rules.empty')}</li>
          <li>{t('organizations.import.rules.status')}</li>
          <li>{t('organizations.import.rules.allOrNothing')}</li>
        </ul>
      </section>
      <section aria-labelledby="import-upload" className="card fleet-section">
        <h2 id="import-upload">{t('organizations.import.uploadTitle')}</h2>
        <Form
          className="import-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <div className="import-form__file">
            <FileTrigger
              acceptedFileTypes={['.csv', 'text/csv']}
              onSelect={(files) => {
                upload.reset();
                setFile(files?.[0] ?? null);
              }}
            >
              <Button variant="secondary">{t('organizations.import.choose')}</Button>
            </FileTrigger>
            <p role="status">
              {file
                ? t('organizations.import.chosen', { name: file.name })
                : t('organizations.import.noFile')}
            </p>
          </div>
          <Button type="submit" isDisabled={!file} isPending={upload.isPending}>
            {upload.isPending ? t('organizations.import.uploading') : t('organizations.import.upload')}
          </Button>
        </Form>
        <Notice>
          {upload.isSuccess ? t('organizations.import.done', { count: upload.data.updated }) : ''}
        </Notice>
        {upload.isError ? <Refusal error={upload.error} /> : null}
      </section>
    </>
  );
}

/**
 * `/fleet/:organizationId/import`, for those who manage the fleet: vehicle facts for many vehicles
 * from a CSV file. The server checks every row first and changes nothing unless all are valid; each
 * problem is listed with its row and column, so the file can be put right and sent again.
 */
export function VehicleImportPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.manage_fleet"
      title={(org) =>
        org
          ? t('organizations.import.pageTitle', { name: org.name })
          : t('organizations.import.pageTitleLoading')
      }
      loadingText={t('organizations.import.loading')}
    >
      {(organization) => <ImportContent organization={organization} />}
    </OrganizationFrame>
  );
}
