import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpSession } from '../../src-shared/liveview/contract';
import { groupCode } from './liveViewStore';

const ROW_PX = 88;
const MINUTE_MS = 60_000;

/**
 * LV-1: the help sessions as a list that renders only the rows in view, so 10,000 live rows scroll
 * and update as smoothly as ten. Each row says its status in colour and in words.
 */
export function LiveViewList({
  rows,
  now,
  stale,
  onConnect,
}: {
  rows: readonly HelpSession[];
  /** The time "open for" counts to (ticks while shown). */
  now: number;
  /** Offline: the rows are the last ones heard, shown greyed. */
  stale: boolean;
  /** The seam to connecting (the desktop app); without it (the web console) rows have no Connect. */
  onConnect: ((helpSession: HelpSession) => void) | undefined;
}): React.JSX.Element {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no memoizing compiler runs here; the list re-renders as it scrolls.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    getItemKey: (index) => rows[index]!.id,
    overscan: 6,
  });
  return (
    // Focusable, so the keyboard scrolls it also where rows have no button (the web console).
    <div
      ref={scrollRef}
      className={`row-list${stale ? ' stale' : ''}`}
      role="region"
      aria-label={t('liveView.list')}
      tabIndex={0}
    >
      <ul aria-label={t('liveView.list')} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <li
              key={item.key}
              className="row"
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              data-code={row.code}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
            >
              <HelpSessionRow row={row} minutes={Math.floor((now - Date.parse(row.openedAt)) / MINUTE_MS)} />
              {onConnect && (
                <button
                  type="button"
                  className="small"
                  aria-label={t('liveView.connectTo', {
                    name: row.yourName ?? row.deviceName,
                    code: groupCode(row.code),
                  })}
                  onClick={() => onConnect(row)}
                >
                  {t('liveView.connect')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** One help session; re-rendered only when it changed or its minute did. */
const HelpSessionRow = memo(function HelpSessionRow({
  row,
  minutes,
}: {
  row: HelpSession;
  minutes: number;
}): React.JSX.Element {
  const { t } = useTranslation();
  const openFor =
    minutes < 1
      ? t('liveView.openFor.lessThanMinute')
      : minutes < 60
        ? t('liveView.openFor.minutes', { count: minutes })
        : t('liveView.openFor.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return (
    <div className="row-body">
      <span className={`row-status ${row.status}`}>
        <span className="row-dot" aria-hidden="true" />
        {t(`liveView.status.${row.status}`)}
      </span>
      <span className="row-name">{row.yourName ?? row.deviceName}</span>
      <span className="row-code">{t('liveView.code', { code: groupCode(row.code) })}</span>
      <span className="liveview-open">{openFor}</span>
      <span className="row-meta">
        {row.yourName && <span>{row.deviceName}</span>}
        <span>{t('liveView.os', { name: row.os.name, version: row.os.version })}</span>
        <span>{row.foregroundApp ? t('liveView.where', { app: row.foregroundApp }) : t('liveView.whereUnknown')}</span>
        <span>{row.location ?? t('liveView.locationUnknown')}</span>
      </span>
      {row.tags.length > 0 && (
        <ul className="liveview-tags" aria-label={t('liveView.tags')}>
          {row.tags.map((tag) => (
            <li key={tag} className="badge">
              {tag}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
