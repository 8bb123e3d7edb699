import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { fetchStaffProfile, type StaffCapability } from '../../api/staff.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { NotFoundPage } from '../not-found.tsx';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** A 4xx is the server's answer (404: not staff), not a hiccup: only failures to get one are retried. */
const retryHiccups = (failures: number, error: unknown) =>
  failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

/** The signed-in staff member's role and capabilities; the server answers 404 to anyone else. */
export function useStaffProfile() {
  return useQuery({
    queryKey: ['staff', 'profile'],
    queryFn: fetchStaffProfile,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
}

/** Whether the signed-in staff member may do `capability` (false while their profile is loading). */
export function useCan(capability: StaffCapability): boolean {
  return useStaffProfile().data?.capabilities.includes(capability) ?? false;
}

/** Options every console query shares. */
export const staffQueryOptions = { retry: retryHiccups, refetchOnWindowFocus: false } as const;

type StaffFrameProps = {
  title: string;
  /** What the page needs to show anything: a 404 from any of them shows the not-found page. */
  queries: readonly UseQueryResult<unknown, unknown>[];
  /** The capability the page needs, beyond being staff. */
  capability?: StaffCapability;
  loadingText: string;
  children: () => ReactNode;
};

/**
 * A support-console page. Anyone the server does not take for staff (or for staff of the needed
 * role) gets the not-found page, as the API answers them. The h1 is there from the start, so focus
 * moved to it after a navigation stays on it while the data arrives.
 */
export function StaffFrame({ title, queries, capability, loadingText, children }: StaffFrameProps) {
  const { t } = useTranslation();
  const profile = useStaffProfile();
  const all = [profile, ...queries];
  const isRefused =
    all.some((q) => isNotFound(q.error)) ||
    (capability !== undefined &&
      profile.data !== undefined &&
      !profile.data.capabilities.includes(capability));
  if (isRefused) return <NotFoundPage />;
  const failed = all.find((q) => q.isError);
  return (
    <div className="staff-page">
      <PageTitle>{title}</PageTitle>
      {failed ? (
        <>
          <ApiErrorAlert error={failed.error} />
          <Button isPending={failed.isFetching} onPress={() => void failed.refetch()}>
            {t('staff.retry')}
          </Button>
        </>
      ) : all.some((q) => q.isPending) ? (
        <p role="status" className="status">
          {loadingText}
        </p>
      ) : (
        children()
      )}
    </div>
  );
}

/** An instant (ISO) as a date and time in the page's language, with the machine-readable value. */
export function Instant({ iso }: { iso: string }) {
  const locale = useLocale();
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
  return <time dateTime={iso}>{text}</time>;
}
