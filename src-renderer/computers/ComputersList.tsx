import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Computer } from '../../src-shared/computers/contract';
import { formatDeviceId } from '../../src-shared/domain/device';

const ROW_PX = 76;
const MINUTE_MS = 60_000;
/** The operating systems' own names (the same in every language) for what Node calls them. */
const OS_NAMES: Readonly<Record<string, string>> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };

/**
 * The company's computers as a list that renders only the rows in view (a help desk's thousands
 * scroll as smoothly as ten). Each row says online or offline in colour and in words.
 */
export function ComputersList({
  computers,
  now,
  onConnect,
}: {
  computers: readonly Computer[];
  /** The time "last seen" counts to (ticks while shown). */
  now: number;
  /** The seam to connecting (the desktop app); without it (the web console) rows have no Connect. */
  onConnect: ((computer: Computer) => void) | undefined;
}): React.JSX.Element {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no memoizing compiler runs here; the list re-renders as it scrolls.
  const virtualizer = useVirtualizer({
    count: computers.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    getItemKey: (index) => computers[index]!.deviceId,
    overscan: 6,
  });
  return (
    // Focusable, so the keyboard scrolls it also where rows have no button (the web console).
    <div ref={scrollRef} className="row-list" role="region" aria-label={t('computers.list')} tabIndex={0}>
      <ul aria-label={t('computers.list')} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const computer = computers[item.index]!;
          return (
            <li
              key={item.key}
              className="row"
              aria-setsize={computers.length}
              aria-posinset={item.index + 1}
              data-device-id={computer.deviceId}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
            >
              <ComputerRow
                computer={computer}
                minutes={
                  computer.lastSeenAt === null ? null : Math.floor((now - Date.parse(computer.lastSeenAt)) / MINUTE_MS)
                }
              />
              {onConnect && (
                <button
                  type="button"
                  className="small"
                  aria-label={t('computers.connectTo', {
                    name: computer.name,
                    id: formatDeviceId(computer.deviceId),
                  })}
                  onClick={() => onConnect(computer)}
                >
                  {t('computers.connect')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "5 minutes ago", "yesterday", in the window's language, to the largest unit that fits. */
function relative(minutes: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (minutes < 60) return format.format(-Math.max(0, minutes), 'minute');
  if (minutes < 24 * 60) return format.format(-Math.floor(minutes / 60), 'hour');
  return format.format(-Math.floor(minutes / (24 * 60)), 'day');
}

/** One computer; re-rendered only when it changed or its minute did. */
const ComputerRow = memo(function ComputerRow({
  computer,
  minutes,
}: {
  computer: Computer;
  /** Minutes since it was last seen; null: never. */
  minutes: number | null;
}): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const unattended = computer.unattended === null ? 'unknown' : computer.unattended ? 'on' : 'off';
  return (
    <div className="row-body">
      <span className={`row-status ${computer.online ? 'online' : 'offline'}`}>
        <span className="row-dot" aria-hidden="true" />
        {computer.online ? t('computers.online') : t('computers.offline')}
      </span>
      <span className="row-name">{computer.name}</span>
      <span className="row-code">{t('computers.id', { id: formatDeviceId(computer.deviceId) })}</span>
      <span className={`computers-unattended ${unattended}`}>{t(`computers.unattended.${unattended}`)}</span>
      <span className="row-meta">
        <span>{OS_NAMES[computer.platform] ?? computer.platform}</span>
        <span>
          {minutes === null
            ? t('computers.neverSeen')
            : t('computers.lastSeen', { when: relative(minutes, i18n.language) })}
        </span>
        <span>
          {computer.policyName ? t('computers.policy', { name: computer.policyName }) : t('computers.noPolicy')}
        </span>
      </span>
    </div>
  );
});
