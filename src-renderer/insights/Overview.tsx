import { useTranslation } from 'react-i18next';
import type { SummaryOverview } from '../../src-shared/domain/summary';
import { useInsightsStore } from './insightsStore';

interface Bar {
  value: string;
  label: string;
  count: number;
  active: boolean;
  toggle(): void;
}

function BarChart({ title, bars }: { title: string; bars: Bar[] }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <figure className="bar-chart">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="hint">{t('insights.overviewEmpty')}</p>
      ) : (
        <ul>
          {bars.map((bar) => (
            <li key={bar.value}>
              <button
                type="button"
                aria-pressed={bar.active}
                aria-label={t('insights.bar', { label: bar.label, count: bar.count })}
                onClick={bar.toggle}
              >
                <span className="bar-label">{bar.label}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(bar.count / max) * 100}%` }} />
                </span>
                <span className="bar-count" aria-hidden="true">
                  {number.format(bar.count)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/**
 * SI-9: issue types and applications involved, counted over the filtered summaries; a bar filters the list.
 * `updating`: the counts shown are for an older filter or cache state (the newer one is asked once
 * typing pauses, and counting takes a while at 100,000 summaries), so they are marked, not read as current.
 */
export function Overview({
  overview,
  updating,
}: {
  overview: SummaryOverview | null;
  updating: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const filter = useInsightsStore((state) => state.filter);
  const setFilter = useInsightsStore((state) => state.setFilter);
  const loading = overview === null;
  return (
    <section className="overview" aria-labelledby="insights-overview" aria-busy={loading || updating}>
      <h2 id="insights-overview">{t('insights.overview')}</h2>
      {updating && <p className="hint">{t('insights.overviewUpdating')}</p>}
      {loading ? (
        <div className="skeleton-block" aria-hidden="true" />
      ) : (
        <div className={updating ? 'charts stale' : 'charts'}>
          <BarChart
            title={t('insights.overviewIssues')}
            bars={overview.issueTypes.map(({ value, count }) => ({
              value,
              label: t(`insights.issue.${value}`),
              count,
              active: filter.issueType === value,
              toggle: () => setFilter({ issueType: filter.issueType === value ? null : value }),
            }))}
          />
          <BarChart
            title={t('insights.overviewApps')}
            bars={overview.applications.map(({ value, count }) => ({
              value,
              label: value,
              count,
              active: filter.application === value,
              toggle: () => setFilter({ application: filter.application === value ? null : value }),
            }))}
          />
        </div>
      )}
    </section>
  );
}
