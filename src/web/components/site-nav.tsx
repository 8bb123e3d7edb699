import { useEffect, useState } from 'react';
import { Button, Disclosure, DisclosurePanel, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { matchPath, useLocation } from 'react-router';
import { ORGANIZATION_ACTIONS, type OrganizationAction, type OrganizationRole } from '../../core/policy.ts';
import { useHasSharedAccounts } from '../api/grants.ts';
import { actsOnlyForBusinesses } from '../session/home.ts';
import { useSignOut } from '../session/sign-out.ts';
import { type Roles, useSignedIn, useSignedInRoles } from '../session/signed-in.ts';

type NavItem = { href: string; label: string };

const HELP_ITEM: NavItem = { href: '/help', label: 'shell.nav.help' };
const PUBLIC_ITEMS: NavItem[] = [
  { href: '/', label: 'shell.nav.home' },
  { href: '/calculators/loan', label: 'shell.nav.loanCalculator' },
  { href: '/calculators/lease', label: 'shell.nav.leaseCalculator' },
  HELP_ITEM,
  { href: '/sign-in', label: 'shell.nav.signIn' },
];
const ACCOUNT_ITEM: NavItem = { href: '/account', label: 'shell.nav.account' };
const CONSUMER_ITEMS: NavItem[] = [
  ACCOUNT_ITEM,
  { href: '/payments', label: 'payments.nav' },
  { href: '/documents', label: 'documents.nav' },
];
const SECURITY_ITEM: NavItem = { href: '/account/security', label: 'account.securityLink' };

/** A role's rights, for the navigation's hint only (the API judges every call). */
const allows = (role: OrganizationRole, action: OrganizationAction) =>
  ORGANIZATION_ACTIONS[role].includes(action);

/** A fleet's pages, as far as the member's role there manages them. */
function fleetItems({ organizationId, role }: Roles['memberships'][number]): NavItem[] {
  const fleet = `/fleet/${organizationId}`;
  return [
    { href: fleet, label: 'organizations.nav.fleet' },
    ...(allows(role, 'organization.manage_fleet')
      ? [{ href: `${fleet}/drivers`, label: 'organizations.nav.drivers' }]
      : []),
    ...(allows(role, 'organization.manage_members')
      ? [{ href: `${fleet}/members`, label: 'organizations.nav.members' }]
      : []),
    ...(allows(role, 'organization.view_finances')
      ? [
          { href: `${fleet}/statements`, label: 'fleetDocuments.statementsLink' },
          { href: `${fleet}/analytics`, label: 'fleetInsights.nav.analytics' },
          { href: `${fleet}/reports`, label: 'fleetInsights.nav.reports' },
        ]
      : []),
  ];
}

/**
 * The links made for whoever is signed in, their home first (the calculators are for visitors: the
 * home and help pages link them). The roles are the page-side hint from the latest `/me` (see
 * session/signed-in.ts), never a permission. A fleet member sees the fleet being looked at (or
 * their only one), and what their role there manages (drivers, members); with several fleets, the
 * list of them too. Someone who acts only for businesses has no dashboard of their own, so their
 * security settings and signing out are here too.
 */
function signedInItems(roles: Roles | null, pathname: string, hasShared: boolean): NavItem[] {
  if (roles?.kind === 'staff') return [{ href: '/staff', label: 'staff.navLink' }, ACCOUNT_ITEM, HELP_ITEM];
  const memberships = roles?.memberships ?? [];
  const shown = matchPath('/fleet/:organizationId/*', pathname)?.params.organizationId;
  const membership =
    memberships.find((m) => m.organizationId === shown) ??
    (memberships.length === 1 ? memberships[0] : undefined);
  const isFleetOnly = actsOnlyForBusinesses(roles);
  return [
    ...(isFleetOnly ? [] : CONSUMER_ITEMS),
    ...(hasShared ? [{ href: '/shared-with-me', label: 'grants.nav' }] : []),
    ...(memberships.length > 1 ? [{ href: '/fleet', label: 'organizations.nav.fleets' }] : []),
    ...(membership ? fleetItems(membership) : []),
    ...(isFleetOnly ? [SECURITY_ITEM] : []),
    HELP_ITEM,
  ];
}

/** The item for the page shown: the longest address the page's is, or lies below. */
function currentHref(pathname: string, items: NavItem[]): string | undefined {
  const matches = items.filter(({ href }) =>
    href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`),
  );
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

function SignOutItem() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <li>
      <Button
        className="nav-link nav-link--button"
        isPending={signOut.isPending}
        onPress={() => signOut.mutate({ everywhere: false })}
      >
        {t(signOut.isPending ? 'account.signingOut' : 'account.signOut')}
      </Button>
    </li>
  );
}

function NavLinks() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const isSignedIn = useSignedIn();
  const roles = useSignedInRoles();
  const hasShared = useHasSharedAccounts();
  const items = isSignedIn ? signedInItems(roles, pathname, hasShared) : PUBLIC_ITEMS;
  const current = currentHref(pathname, items);
  return (
    <nav aria-label={t('shell.mainNavigation')}>
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              className="nav-link"
              aria-current={item.href === current ? 'page' : undefined}
            >
              {t(item.label)}
            </Link>
          </li>
        ))}
        {isSignedIn && actsOnlyForBusinesses(roles) ? <SignOutItem /> : null}
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
