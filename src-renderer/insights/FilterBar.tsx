import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { issueTypeSchema, type IssueType } from '../../src-shared/domain/summary';
import { NO_FILTER, useInsightsStore, type Period } from './insightsStore';

const PERIODS: readonly Period[] = ['7', '30', '90', 'all', 'custom'];
export const formatDeviceId = (id: string) => id.replace(/(\d{3})(?=\d)/g, '$1 ');

/** SI-9: search, period and the filters shared by the overview and the list. */
export function FilterBar({
  facets,
}: {
  facets: { applications: string[]; devices: string[]; supporters: string[] } | null;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const filter = useInsightsStore((state) => state.filter);
  const setFilter = useInsightsStore((state) => state.setFilter);
  const narrowed =
    filter.query !== '' ||
    filter.issueType !== null ||
    filter.application !== null ||
    filter.device !== null ||
    filter.supporter !== null;

  const choice = (
    key: 'application' | 'device' | 'supporter',
    label: string,
    all: string,
    values: string[],
    show: (value: string) => string = (value) => value,
  ) => (
    <div className="field" key={key}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select
        id={`${id}-${key}`}
        value={filter[key] ?? ''}
        onChange={(event) => setFilter({ [key]: event.target.value || null })}
      >
        <option value="">{all}</option>
        {/* A value chosen from a chart stays selectable even when the facet list is still loading. */}
        {[...new Set([...(filter[key] ? [filter[key]] : []), ...values])].map((value) => (
          <option key={value} value={value}>
            {show(value)}
          </option>
        ))}
      </select>
    </div>
  );

  const choices = [
    choice('application', t('insights.application'), t('insights.allApplications'), facets?.applications ?? []),
    choice('device', t('insights.deviceFilter'), t('insights.allDevices'), facets?.devices ?? [], formatDeviceId),
    choice('supporter', t('insights.supporter'), t('insights.allSupporters'), facets?.supporters ?? []),
  ];
  return (
    <div className="filter-bar" role="search" aria-label={t('insights.filters')}>
      <div className="field grow">
        <label htmlFor={`${id}-query`}>{t('insights.search')}</label>
        <input
          id={`${id}-query`}
          type="search"
          value={filter.query}
          onChange={(event) => setFilter({ query: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-period`}>{t('insights.period')}</label>
        <select
          id={`${id}-period`}
          value={filter.period}
          onChange={(event) => setFilter({ period: event.target.value as Period })}
        >
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              {t(`insights.periods.${period}`)}
            </option>
          ))}
        </select>
      </div>
      {filter.period === 'custom' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('insights.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={filter.customFrom}
              max={filter.customTo || undefined}
              onChange={(event) => setFilter({ customFrom: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('insights.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={filter.customTo}
              min={filter.customFrom || undefined}
              onChange={(event) => setFilter({ customTo: event.target.value })}
            />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={`${id}-issue`}>{t('insights.issueType')}</label>
        <select
          id={`${id}-issue`}
          value={filter.issueType ?? ''}
          onChange={(event) => setFilter({ issueType: (event.target.value || null) as IssueType | null })}
        >
          <option value="">{t('insights.allIssueTypes')}</option>
          {issueTypeSchema.options.map((type) => (
            <option key={type} value={type}>
              {t(`insights.issue.${type}`)}
            </option>
          ))}
        </select>
      </div>
      {choices}
      {narrowed && (
        <button type="button" className="link" onClick={() => setFilter({ ...NO_FILTER, period: filter.period })}>
          {t('insights.clearFilters')}
        </button>
      )}
    </div>
  );
}
