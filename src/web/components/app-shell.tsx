import { useEffect, useRef } from 'react';
import { RouterProvider as AriaRouterProvider, I18nProvider, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Outlet, ScrollRestoration, useHref, useLocation, useNavigate } from 'react-router';
import { useLocale } from '../i18n/locale.ts';
import { useHome } from '../session/home.ts';
import { LanguageSwitcher } from './language-switcher.tsx';
import { Logo } from './logo.tsx';
import { SiteNav } from './site-nav.tsx';

/**
 * Every page's frame: skip link, header with navigation, main landmark and footer. After a
 * client-side navigation it moves focus to the new page's h1, as a full page load would reset it.
 */
export function AppShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPathname = useRef(pathname);
  const locale = useLocale();
  // A signed-in person's home is theirs (their dashboard, fleet or the console), not the visitors' page.
  const home = useHome();

  useEffect(() => {
    if (shownPathname.current === pathname) return;
    shownPathname.current = pathname;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  return (
    // Lets react-aria links navigate through the router instead of reloading the page.
    <AriaRouterProvider navigate={navigate} useHref={useHref}>
      {/* A plain fragment link: the browser scrolls to main and moves focus there (it has tabIndex -1). */}
      <a href="#main" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link href={home} className="brand" aria-label={t('shell.homeLink')}>
            <Logo />
            <span className="brand__name">{t('app.name')}</span>
          </Link>
          <LanguageSwitcher />
          <SiteNav />
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        {/* react-aria's own texts and date fields (the payoff date picker) follow the page's language, not the browser's. */}
        <I18nProvider locale={locale}>
          <Outlet />
        </I18nProvider>
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p className="site-footer__about">{t('shell.footer.about')}</p>
          <p>{t('shell.footer.estimates')}</p>
          <p>{t('shell.footer.help')}</p>
        </div>
      </footer>
      <ScrollRestoration />
    </AriaRouterProvider>
  );
}
