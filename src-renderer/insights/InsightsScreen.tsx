import { useTranslation } from 'react-i18next';

/** SI-9 fills this screen; until the first summary exists it shows its empty state. */
export function InsightsScreen(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="insights-title">
      <h1 id="insights-title" tabIndex={-1}>
        {t('insights.title')}
      </h1>
      <div className="empty-state">
        <h2>{t('insights.emptyTitle')}</h2>
        <p>{t('insights.emptyBody')}</p>
      </div>
    </section>
  );
}
