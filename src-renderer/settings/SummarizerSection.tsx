import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

type Current = Response<'insights.summarizer'>;

const OPTIONS = {
  builtin: 'settings.summarizerBuiltin',
  'openai-compatible': 'settings.summarizerOpenAi',
} as const satisfies Record<Current['kind'], string>;

/** SI-8: the built-in summarizer (named honestly: no AI) or an OpenAI-compatible service. */
export function SummarizerSection(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { hint: useId(), url: useId(), urlHint: useId(), model: useId(), key: useId(), keyHint: useId() };
  const client = useAppStore((state) => state.client);
  const [current, setCurrent] = useState<Current | null>(null);
  const [kind, setKind] = useState<Current['kind']>('builtin');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [saved, setSaved] = useState(false);

  const show = (next: Current) => {
    setCurrent(next);
    setKind(next.kind);
    if (next.kind === 'openai-compatible') {
      setBaseUrl(next.baseUrl);
      setModel(next.model);
    }
    setApiKey('');
  };
  useEffect(() => void client?.invoke('insights.summarizer', {}).then(show, () => setCurrent(null)), [client]);

  const save = useAction(async (forgetKey: boolean) => {
    if (!client) return;
    setSaved(false);
    const summarizer = kind === 'builtin' ? { kind } : { kind, baseUrl: baseUrl.trim(), model: model.trim() };
    const key = forgetKey ? null : apiKey.trim() || undefined;
    show(await client.invoke('insights.setSummarizer', { summarizer, ...(key === undefined ? {} : { apiKey: key }) }));
    setSaved(true);
  });

  return (
    <form
      aria-labelledby={`${ids.hint}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void save.run(false);
      }}
    >
      <h2 id={`${ids.hint}-title`}>{t('settings.summarizer')}</h2>
      <fieldset className="field" aria-describedby={ids.hint} disabled={!current || save.busy}>
        <legend>{t('settings.summarizer')}</legend>
        <p id={ids.hint} className="hint">
          {t('settings.summarizerHint')}
        </p>
        {(Object.keys(OPTIONS) as Current['kind'][]).map((option) => (
          <label key={option} className="checkbox">
            <input
              type="radio"
              name="summarizer"
              value={option}
              checked={kind === option}
              onChange={() => setKind(option)}
            />
            {t(OPTIONS[option])}
          </label>
        ))}
      </fieldset>
      {kind === 'openai-compatible' && (
        <>
          <div className="field">
            <label htmlFor={ids.url}>{t('settings.summarizerBaseUrl')}</label>
            <input
              id={ids.url}
              type="url"
              required
              value={baseUrl}
              aria-describedby={ids.urlHint}
              onChange={(event) => setBaseUrl(event.target.value)}
            />
            <p id={ids.urlHint} className="hint">
              {t('settings.summarizerBaseUrlHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={ids.model}>{t('settings.summarizerModel')}</label>
            <input id={ids.model} required value={model} onChange={(event) => setModel(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.key}>{t('settings.summarizerApiKey')}</label>
            <input
              id={ids.key}
              type="password"
              autoComplete="off"
              value={apiKey}
              aria-describedby={ids.keyHint}
              onChange={(event) => setApiKey(event.target.value)}
            />
            <p id={ids.keyHint} className="hint">
              {current?.apiKeySet ? t('settings.summarizerApiKeyStored') : t('settings.summarizerApiKeyNone')}
            </p>
            {current?.apiKeySet && (
              <button type="button" disabled={save.busy} onClick={() => void save.run(true)}>
                {t('settings.summarizerForgetKey')}
              </button>
            )}
          </div>
        </>
      )}
      <button type="submit" disabled={!current || save.busy}>
        {t('settings.summarizerSave')}
      </button>
      <p role="status" className="hint">
        {saved && !save.busy ? t('settings.saved') : ''}
      </p>
      <ErrorText message={save.error} />
    </form>
  );
}
