import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.tsx';
import { useHome } from '../session/home.ts';

/** Shown inside the shell when a page fails to render, instead of a blank screen. */
export function FailurePage() {
  const { t } = useTranslation();
  const home = useHome();
  return (
    <>
      <PageTitle>{t('failure.title')}</PageTitle>
      <p>{t('failure.body')}</p>
      <p>
        <Link href={home}>{t('failure.home')}</Link>
      </p>
    </>
  );
}
