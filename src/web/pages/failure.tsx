import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.tsx';

/** Shown inside the shell when a page fails to render, instead of a blank screen. */
export function FailurePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('failure.title')}</PageTitle>
      <p>{t('failure.body')}</p>
      <p>
        <Link href="/">{t('failure.home')}</Link>
      </p>
    </>
  );
}
