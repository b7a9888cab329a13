import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDeviceId } from '../../src-shared/domain/device';
import type { RememberedSupporter } from '../../src-shared/session/remembered';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/**
 * Unattended access: the supporter devices that connect by a remembered password instead of the
 * permanent one — who they were shown as, when remembered, when last connected — each to forget,
 * or all at once.
 */
export function RememberedSupporters(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const client = useAppStore((state) => state.client);
  const [list, setList] = useState<RememberedSupporter[] | null>(null);
  const load = useAction(async () => setList(await client!.invoke('session.rememberedSupporters', {})));
  const forget = useAction(async (request: { deviceId: string } | { all: true }) =>
    setList(await client!.invoke('session.forgetSupporter', request)),
  );
  useEffect(() => {
    if (!client) return;
    void load.run();
    return client.on('session.rememberedSupporters', setList);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per client
  }, [client]);
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section aria-labelledby={titleId} className="subsection" data-testid="remembered-supporters">
      <h3 id={titleId}>{t('host.remembered.title')}</h3>
      <p className="hint">{t('host.remembered.intro')}</p>
      {list !== null && list.length === 0 && <p role="status">{t('host.remembered.empty')}</p>}
      {list !== null && list.length > 0 && (
        <>
          <ul className="remembered-list">
            {list.map((supporter) => {
              const id = formatDeviceId(supporter.deviceId);
              const name = supporter.name || t('host.remembered.device', { id });
              return (
                <li key={supporter.deviceId}>
                  <span>
                    <strong>{name}</strong>
                    {supporter.company && ` · ${supporter.company}`}
                    {supporter.verified && ` · ${t('host.remembered.verified')}`}
                    <br />
                    <span className="hint">
                      <span className="mono">{id}</span> ·{' '}
                      {t('host.remembered.rememberedAt', { when: when(supporter.rememberedAt) })}
                      {' · '}
                      {supporter.lastUsedAt
                        ? t('host.remembered.lastUsed', { when: when(supporter.lastUsedAt) })
                        : t('host.remembered.neverUsed')}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={t('host.remembered.forgetLabel', { name, id })}
                    disabled={forget.busy}
                    onClick={() => void forget.run({ deviceId: supporter.deviceId })}
                  >
                    {t('host.remembered.forget')}
                  </button>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="secondary"
            disabled={forget.busy}
            onClick={() => void forget.run({ all: true })}
          >
            {t('host.remembered.forgetAll')}
          </button>
        </>
      )}
      <ErrorText message={load.error ?? forget.error} />
    </section>
  );
}
