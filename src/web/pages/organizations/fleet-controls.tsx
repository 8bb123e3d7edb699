import { type FormEvent, useState } from 'react';
import {
  Button as AriaButton,
  Checkbox,
  CheckboxGroup,
  Disclosure,
  DisclosurePanel,
  Form,
  Heading,
  Input,
  Label,
  SearchField,
  Text,
  ToggleButton,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { FLEET_STATUSES, type FleetQuery, type FleetResponse } from '../../../organizations/fleet.schemas.ts';
import { Button } from '../../components/button.tsx';
import { SelectField, type SelectOption } from '../../components/select-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { changed, filterCount, viewSearch, withoutFilters } from './fleet-query.ts';

/** What the controls need: the view shown, a way to show another, and whether money may be shown. */
type ControlsProps = { view: FleetQuery; show: (view: FleetQuery) => void; seesFinances: boolean };

/** The few views that answer "what needs attention today", one press each; a second press lifts it. */
export function QuickFilters({ view, show, seesFinances }: ControlsProps) {
  const { t } = useTranslation();
  const chips = [
    ...(seesFinances
      ? [
          {
            key: 'pastDue',
            isOn: view.pastDue === true,
            change: { pastDue: view.pastDue ? undefined : true },
          },
          {
            key: 'dueThisMonth',
            isOn: view.dueThisMonth === true,
            change: { dueThisMonth: view.dueThisMonth ? undefined : true },
          },
        ]
      : []),
    {
      key: 'maturing',
      isOn: view.maturesWithinDays === 90,
      change: { maturesWithinDays: view.maturesWithinDays === 90 ? undefined : 90 },
    },
    {
      key: 'overMiles',
      isOn: view.overMiles === true,
      change: { overMiles: view.overMiles ? undefined : true },
    },
  ];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would need a form; this is a set of toggles.
    <div role="group" aria-labelledby="fleet-quick-title" className="fleet-chips">
      <span id="fleet-quick-title" className="fleet-chips__title">
        {t('organizations.fleet.quick.title')}
      </span>
      {chips.map((chip) => (
        <ToggleButton
          key={chip.key}
          className="fleet-chip"
          isSelected={chip.isOn}
          onChange={() => show(changed(view, chip.change))}
        >
          {/* A mark besides the colour says the filter is on; the button's state says it to screen readers. */}
          {chip.isOn ? <span aria-hidden="true">✓ </span> : null}
          {t(`organizations.fleet.quick.${chip.key}`)}
        </ToggleButton>
      ))}
    </div>
  );
}

/** The search by VIN, unit, plate or contract number, sent when the person asks (Enter or the button). */
export function FleetSearch({ view, show }: Omit<ControlsProps, 'seesFinances'>) {
  const { t } = useTranslation();
  const [draft, change] = useDraft(view);
  const search = (q: string | undefined) => show(changed(view, { q: q?.trim() || undefined }));
  return (
    <search className="fleet-search">
      <Form
        className="fleet-search__form"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          search(draft.q);
        }}
      >
        <SearchField
          className="field fleet-search__field"
          value={draft.q ?? ''}
          onChange={(q) => change({ q })}
          onClear={() => search(undefined)}
        >
          <Label className="field__label">{t('organizations.fleet.search.label')}</Label>
          <Text slot="description" className="field__description">
            {t('organizations.fleet.search.description')}
          </Text>
          <div className="field__control">
            <Input className="field__input" autoComplete="off" />
            {draft.q ? (
              <AriaButton className="field__action">{t('organizations.fleet.search.clear')}</AriaButton>
            ) : null}
          </div>
        </SearchField>
        <Button type="submit" variant="secondary">
          {t('organizations.fleet.search.submit')}
        </Button>
      </Form>
    </search>
  );
}

const ANY = 'any';
const MATURITY_DAYS = [30, 60, 90, 180, 365] as const;
/** The filters that are on or off. */
const FLAGS = ['pastDue', 'dueThisMonth', 'overMiles'] as const;

const asOption = (value: string | number) => ({ id: String(value), label: String(value) });

/** The filters whose choices are what the fleet has (its makes, model years, cost centers). */
const FACETS: {
  name: 'make' | 'year' | 'costCenter';
  anyLabel: string;
  choices: (facets: FleetResponse['facets']) => (string | number)[];
}[] = [
  { name: 'make', anyLabel: 'anyMake', choices: (facets) => facets.makes },
  { name: 'year', anyLabel: 'anyYear', choices: (facets) => facets.years },
  { name: 'costCenter', anyLabel: 'anyCostCenter', choices: (facets) => facets.costCenters },
];

/** Boxes to tick, any number of them, under one label. */
function CheckList({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: SelectOption[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <CheckboxGroup className="fleet-filters__group" value={value} onChange={onChange}>
      <Label className="field__label">{label}</Label>
      {options.map((option) => (
        <Checkbox key={option.id} value={option.id} className="checkbox fleet-filters__check">
          {/* react-aria draws the box on the label over a hidden input. */}
          <span className="checkbox__box" aria-hidden="true" />
          {option.label}
        </Checkbox>
      ))}
    </CheckboxGroup>
  );
}

/** One filter's choice from a list, "any" first: undefined when that is the choice. */
function FilterSelect({
  name,
  anyLabel,
  options,
  value,
  onChange,
}: {
  name: string;
  anyLabel: string;
  options: SelectOption[];
  value: string | number | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={`fleet-${name}`}
      label={t(`organizations.fleet.filters.${name}`)}
      options={[{ id: ANY, label: t(`organizations.fleet.filters.${anyLabel}`) }, ...options]}
      value={value === undefined ? ANY : String(value)}
      onChange={(choice) => onChange(choice === ANY ? undefined : choice)}
    />
  );
}

/**
 * The person's choices not applied yet, over the view shown: a new view (a quick filter, Back)
 * starts the choices again from it.
 */
function useDraft(view: FleetQuery) {
  const shown = viewSearch(view);
  const [edits, setEdits] = useState<{ of: string; change: Partial<FleetQuery> }>({ of: shown, change: {} });
  const current = edits.of === shown ? edits.change : {};
  const change = (more: Partial<FleetQuery>) => setEdits({ of: shown, change: { ...current, ...more } });
  return [{ ...view, ...current }, change] as const;
}

/**
 * Every filter, folded away behind a disclosure that says how many are on (the quick filters cover
 * the daily questions). Choices are applied together, when the person asks, not at each change.
 */
export function FleetFilters({
  view,
  show,
  seesFinances,
  facets,
}: ControlsProps & { facets: FleetResponse['facets'] }) {
  const { t } = useTranslation();
  const [draft, change] = useDraft(view);
  const count = filterCount(view);
  const flags = FLAGS.filter((flag) => seesFinances || flag === 'overMiles');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    show(changed(draft, {}));
  };
  return (
    <Disclosure className="fleet-filters">
      <Heading level={3} className="fleet-filters__heading">
        <AriaButton slot="trigger" className="faq__trigger">
          <span aria-hidden="true" className="faq__chevron">
            ›
          </span>
          {count > 0
            ? t('organizations.fleet.filters.titleActive', { count })
            : t('organizations.fleet.filters.title')}
        </AriaButton>
      </Heading>
      <DisclosurePanel className="fleet-filters__panel">
        <Form className="activity-filters" onSubmit={submit}>
          <CheckList
            label={t('organizations.fleet.filters.status')}
            options={FLEET_STATUSES.map((status) => ({
              id: status,
              label: t(`organizations.statuses.${status}`),
            }))}
            value={draft.status ?? []}
            onChange={(status) => change({ status: status as FleetQuery['status'] })}
          />
          <CheckList
            label={t('organizations.fleet.filters.only')}
            options={flags.map((flag) => ({ id: flag, label: t(`organizations.fleet.filters.${flag}`) }))}
            value={flags.filter((flag) => draft[flag])}
            onChange={(on) =>
              change(Object.fromEntries(flags.map((flag) => [flag, on.includes(flag) || undefined])))
            }
          />
          <FilterSelect
            name="kind"
            anyLabel="anyKind"
            options={(['loan', 'lease'] as const).map((kind) => ({
              id: kind,
              label: t(`organizations.kinds.${kind}`),
            }))}
            value={draft.kind}
            onChange={(kind) => change({ kind: kind === 'loan' || kind === 'lease' ? kind : undefined })}
          />
          <FilterSelect
            name="matures"
            anyLabel="anyTime"
            options={MATURITY_DAYS.map((days) => ({
              id: String(days),
              label: t('organizations.fleet.filters.days', { count: days }),
            }))}
            value={draft.maturesWithinDays}
            onChange={(days) => change({ maturesWithinDays: days === undefined ? undefined : Number(days) })}
          />
          {FACETS.map(({ name, anyLabel, choices }) => (
            <FilterSelect
              key={name}
              name={name}
              anyLabel={anyLabel}
              options={choices(facets).map(asOption)}
              value={draft[name]}
              onChange={(value) =>
                change({ [name]: name === 'year' && value !== undefined ? Number(value) : value })
              }
            />
          ))}
          <TextField
            label={t('organizations.fleet.filters.model')}
            description={t('organizations.fleet.filters.modelDescription')}
            value={draft.model ?? ''}
            onChange={(model) => change({ model: model || undefined })}
            autoComplete="off"
          />
          {/* Drivers are listed to those who may see the whole fleet (a driver sees only their own). */}
          {facets.drivers.length > 0 ? (
            <FilterSelect
              name="driver"
              anyLabel="anyDriver"
              options={[
                { id: 'none', label: t('organizations.fleet.filters.noDriver') },
                ...facets.drivers.map((driver) => ({ id: driver.id, label: driver.name })),
              ]}
              value={draft.driver}
              onChange={(driver) => change({ driver })}
            />
          ) : null}
          <div className="activity-filters__actions">
            <Button type="submit">{t('organizations.fleet.filters.apply')}</Button>
            {count > 0 ? (
              <Button variant="quiet" onPress={() => show(withoutFilters(view))}>
                {t('organizations.fleet.filters.clear')}
              </Button>
            ) : null}
          </div>
        </Form>
      </DisclosurePanel>
    </Disclosure>
  );
}
