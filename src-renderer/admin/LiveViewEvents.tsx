import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpSessionEvent } from '../../src-shared/liveview/contract';
import { groupCode } from '../liveview/liveViewStore';
import { EntityList } from './EntityList';
import { useClient, useList } from './useList';

/** What of an event's detail an administrator reads: the reason, how a request came, the text acknowledged. */
function detailText(event: HelpSessionEvent): string {
  const parts: string[] = [];
  for (const key of ['reason', 'by', 'textVersion'] as const) {
    const value = event.detail[key];
    if (typeof value === 'string' && value.trim()) parts.push(value.trim());
  }
  return parts.join(' · ');
}

/**
 * LV-8: who asked for help, acknowledged, ended, looked up, requested, accepted, declined — each
 * with its time and actor, as the endpoint recorded it (newest first).
 */
export function LiveViewEvents(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const events = useList(async () => (await client.invoke('admin.liveview.events', { query: { limit: 500 } })).events);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <section aria-labelledby={headingId} className="admin-subsection">
      <h3 id={headingId}>{t('admin.liveViewEvents.title')}</h3>
      <p className="hint">{t('admin.liveViewEvents.hint')}</p>
      <EntityList
        label={t('admin.liveViewEvents.label')}
        items={events.items}
        error={events.error}
        rowKey={(event) => `${event.at} ${event.action} ${event.actorId} ${event.code}`}
        searchText={(event) => [event.actor, event.code, event.action, detailText(event)].join(' ')}
        empty={t('admin.liveViewEvents.empty')}
        rowTestId={() => 'liveview-event'}
        columns={[
          { header: t('admin.liveViewEvents.at'), cell: (event) => time.format(new Date(event.at)) },
          { header: t('admin.liveViewEvents.what'), cell: (event) => t(`admin.liveViewEvents.action.${event.action}`) },
          {
            header: t('admin.liveViewEvents.who'),
            cell: (event) =>
              t(event.actorKind === 'user' ? 'admin.liveViewEvents.supporter' : 'admin.liveViewEvents.computer', {
                name: event.actor,
              }),
          },
          { header: t('admin.liveViewEvents.code'), cell: (event) => (event.code ? groupCode(event.code) : '') },
          { header: t('admin.liveViewEvents.detail'), cell: (event) => detailText(event) },
        ]}
      />
    </section>
  );
}
