import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.tsx';

const CARDS = [
  { texts: 'home.loan', href: '/calculators/loan' },
  { texts: 'home.lease', href: '/calculators/lease' },
  { texts: 'home.signIn', href: '/sign-in' },
  { texts: 'guestPayment.home', href: '/pay' },
] as const;

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      <p className="lead">{t('home.lead')}</p>
      <ul className="card-grid">
        {CARDS.map(({ texts, href }) => (
          <li key={href} className="card card--link">
            <h2>{t(`${texts}.title`)}</h2>
            <p>{t(`${texts}.body`)}</p>
            <Link href={href} className="card__link">
              {t(`${texts}.link`)}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
