import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Disclosure, DisclosurePanel, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { loadMe, ME_QUERY_KEY } from '../session/me.ts';
import { useSignedIn } from '../session/signed-in.ts';

const NAV_ITEMS = [
  { href: '/', label: 'shell.nav.home' },
  { href: '/calculators/loan', label: 'shell.nav.loanCalculator' },
  { href: '/calculators/lease', label: 'shell.nav.leaseCalculator' },
  { href: '/help', label: 'shell.nav.help' },
] as const;

const SIGN_IN_ITEM = { href: '/sign-in', label: 'shell.nav.signIn' } as const;
// The page-side flag, not a call to /me on every page: see session/signed-in.ts.
const ACCOUNT_ITEM = { href: '/account', label: 'shell.nav.account' } as const;
const STAFF_ITEM = { href: '/staff', label: 'staff.navLink' } as const;
const PAYMENTS_ITEM = { href: '/payments', label: 'payments.nav' } as const;
const DOCUMENTS_ITEM = { href: '/documents', label: 'documents.nav' } as const;

/** Whether the signed-in person is staff, from the `/me` a signed-in page already fetched (never a call of its own). */
function useIsStaff(): boolean {
  const { data } = useQuery({ queryKey: ME_QUERY_KEY, queryFn: loadMe, enabled: false });
  return data?.me.kind === 'staff';
}

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

function NavLinks() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const isSignedIn = useSignedIn();
  const isStaff = useIsStaff() && isSignedIn;
  const items = [
    ...NAV_ITEMS,
    ...(isStaff ? [STAFF_ITEM] : isSignedIn ? [PAYMENTS_ITEM, DOCUMENTS_ITEM] : []),
    isSignedIn ? ACCOUNT_ITEM : SIGN_IN_ITEM,
  ];
  return (
    <nav aria-label={t('shell.mainNavigation')}>
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              className="nav-link"
              aria-current={isCurrent(pathname, item.href) ? 'page' : undefined}
            >
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The main navigation. Wide screens show the links in the header; narrow ones fold them behind a
 * Menu button (a disclosure, not an ARIA menu: these are page links). CSS shows one or the other,
 * so only one navigation landmark is ever exposed.
 */
export function SiteNav() {
  const { t } = useTranslation();
  const [isExpanded, setExpanded] = useState(false);
  const { pathname } = useLocation();
  // Fold the menu once a link has taken the person to another page (on the route change itself, not on
  // the link's press, whose key-up can arrive after the new page is already showing).
  useEffect(() => {
    if (pathname) setExpanded(false);
  }, [pathname]);
  return (
    <>
      <div className="site-nav site-nav--wide">
        <NavLinks />
      </div>
      <Disclosure
        className="site-nav site-nav--narrow"
        isExpanded={isExpanded}
        onExpandedChange={setExpanded}
      >
        <Button slot="trigger" className="menu-button">
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          {t('shell.menu')}
        </Button>
        <DisclosurePanel className="menu-panel">
          <NavLinks />
        </DisclosurePanel>
      </Disclosure>
    </>
  );
}
