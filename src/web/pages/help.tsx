import { useId, useMemo, useState } from 'react';
import {
  Button as AriaButton,
  Disclosure,
  DisclosureGroup,
  DisclosurePanel,
  Heading,
  Input,
  Label,
  Link,
  SearchField,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { LENDER } from '../../core/lender.ts';
import { PageTitle } from '../components/page-title.tsx';

/**
 * Help: the questions a loan or lease customer asks most (searchable), how to reach us, and what to
 * do when locked out. Answers say what this portal does; texts are under `help` in en.ts.
 */
const FAQ = [
  { id: 'payment' },
  { id: 'dueDate' },
  { id: 'changeDueDate' },
  { id: 'lateFee' },
  { id: 'payoff' },
  { id: 'payoffChanges' },
  { id: 'title', link: { href: '/profile', label: 'help.links.profile' } },
  { id: 'leaseEnd' },
  { id: 'mileage' },
  { id: 'registration' },
  { id: 'address', link: { href: '/profile', label: 'help.links.profile' } },
  { id: 'name' },
  { id: 'reminders', link: { href: '/profile', label: 'help.links.preferences' } },
  { id: 'paperless' },
  { id: 'twoStep', link: { href: '/account/security', label: 'help.links.security' } },
  { id: 'lockedOut', link: { href: '/forgot-password', label: 'help.links.forgotPassword' } },
  { id: 'forgotUserId', link: { href: '/forgot-user-id', label: 'help.links.forgotUserId' } },
  { id: 'coBorrower', link: { href: '/register', label: 'help.links.register' } },
] as const;

type FaqId = (typeof FAQ)[number]['id'];

/** Every word typed appears in the question or its answer, ignoring case and accents. */
function matcher(query: string, locale: string): (text: string) => boolean {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale);
  const words = fold(query).split(/\s+/).filter(Boolean);
  return (text) => {
    const folded = fold(text);
    return words.every((word) => folded.includes(word));
  };
}

function Faq() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const titleId = useId();
  const contact = { phone: LENDER.phone, hours: LENDER.hours };
  const items = useMemo(
    () =>
      FAQ.map((item) => ({
        ...item,
        question: t(`help.faq.${item.id}.q`),
        answer: t(`help.faq.${item.id}.a`, { phone: LENDER.phone, hours: LENDER.hours }),
      })),
    [t],
  );
  const matches = matcher(query, i18n.language);
  const shown = items.filter((item) => matches(`${item.question} ${item.answer}`));
  const [expanded, setExpanded] = useState<Set<FaqId>>(new Set());

  return (
    <section aria-labelledby={titleId} className="help-section">
      <h2 id={titleId}>{t('help.faqTitle')}</h2>
      <SearchField className="field help-search" value={query} onChange={setQuery}>
        <Label className="field__label">{t('help.searchLabel')}</Label>
        <div className="field__control">
          <Input className="field__input" placeholder={t('help.searchPlaceholder')} />
          {query ? <AriaButton className="field__action">{t('help.clearSearch')}</AriaButton> : null}
        </div>
      </SearchField>
      <p role="status" className="note help-count">
        {query ? t('help.matches', { count: shown.length, total: items.length }) : ''}
      </p>
      {shown.length === 0 ? (
        <p className="help-empty">{t('help.noMatch', contact)}</p>
      ) : (
        <DisclosureGroup
          className="faq"
          allowsMultipleExpanded
          expandedKeys={expanded}
          onExpandedChange={(keys) => setExpanded(new Set(keys) as Set<FaqId>)}
        >
          {shown.map((item) => (
            <Disclosure key={item.id} id={item.id} className="faq__item">
              <Heading level={3} className="faq__question">
                <AriaButton slot="trigger" className="faq__trigger">
                  <span aria-hidden="true" className="faq__chevron">
                    ›
                  </span>
                  {item.question}
                </AriaButton>
              </Heading>
              <DisclosurePanel className="faq__answer">
                <p className="faq__answer-text">{item.answer}</p>
                {'link' in item ? (
                  <p className="faq__answer-text">
                    <Link href={item.link.href}>{t(item.link.label)}</Link>
                  </p>
                ) : null}
              </DisclosurePanel>
            </Disclosure>
          ))}
        </DisclosureGroup>
      )}
    </section>
  );
}

export function HelpPage() {
  const { t } = useTranslation();
  const contactId = useId();
  const lockedId = useId();
  const calculatorsId = useId();
  return (
    <div className="narrow-page help-page">
      <PageTitle>{t('help.title')}</PageTitle>
      <p className="lead">{t('help.lead')}</p>

      <section aria-labelledby={contactId} className="help-section card">
        <h2 id={contactId}>{t('help.contactTitle')}</h2>
        <p>{t('help.contactLead', { name: LENDER.name })}</p>
        <dl className="result-list">
          <div className="result-list__item">
            <dt>{t('help.phone')}</dt>
            <dd>
              <Link href={`tel:${LENDER.phone.replaceAll('-', '')}`}>{LENDER.phone}</Link>
            </dd>
          </div>
          <div className="result-list__item">
            <dt>{t('help.hours')}</dt>
            <dd>{LENDER.hours}</dd>
          </div>
        </dl>
        <p className="note">{t('help.contactNote')}</p>
      </section>

      <section aria-labelledby={lockedId} className="help-section">
        <h2 id={lockedId}>{t('help.lockedTitle')}</h2>
        <p>{t('help.lockedLead', { phone: LENDER.phone })}</p>
        <ul className="help-links">
          <li>
            <Link href="/forgot-user-id">{t('help.links.forgotUserId')}</Link>
          </li>
          <li>
            <Link href="/forgot-password">{t('help.links.forgotPassword')}</Link>
          </li>
        </ul>
      </section>

      {/* Signed in, the navigation offers the person's own pages: the calculators stay reachable here. */}
      <section aria-labelledby={calculatorsId} className="help-section">
        <h2 id={calculatorsId}>{t('help.calculatorsTitle')}</h2>
        <p>{t('help.calculatorsLead')}</p>
        <ul className="help-links">
          <li>
            <Link href="/calculators/loan">{t('shell.nav.loanCalculator')}</Link>
          </li>
          <li>
            <Link href="/calculators/lease">{t('shell.nav.leaseCalculator')}</Link>
          </li>
        </ul>
      </section>

      <Faq />
    </div>
  );
}
