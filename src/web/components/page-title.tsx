import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's one h1, which also names the browser tab. It takes focus (tabIndex -1) so the shell
 * can move focus to it after a navigation and screen readers announce the new page.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.documentTitle', { page: children });
  }, [children, t]);
  return (
    <h1 className="page-title" tabIndex={-1}>
      {children}
    </h1>
  );
}
