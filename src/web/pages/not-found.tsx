import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.tsx';
import { useHome } from '../session/home.ts';

/** Any address the client router does not know (the server answers every page address with the app). */
export function NotFoundPage() {
  const { t } = useTranslation();
  const home = useHome();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.body')}</p>
      <p>
        <Link href={home}>{t('notFound.home')}</Link>
      </p>
    </>
  );
}
