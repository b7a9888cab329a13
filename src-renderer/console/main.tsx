// The global sheet first, as in the desktop renderer; the console's own sheet refines it.
import '../styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageSchema } from '../../src-shared/domain/settings';
import { createTandemClient } from '../../src-shared/ipc/client';
import { initI18n, systemLanguage } from '../i18n';
import { useInsightsStore } from '../insights/insightsStore';
import { useAppStore } from '../store/appStore';
import { CONSOLE_LANGUAGE_KEY, ConsoleApp } from './ConsoleApp';
import { createWebTransport } from './webTransport';

const chosen = languageSchema.safeParse(localStorage.getItem(CONSOLE_LANGUAGE_KEY));
void initI18n(chosen.success ? chosen.data : systemLanguage()).then(async () => {
  const client = createTandemClient(createWebTransport());
  useAppStore.setState({ client, phase: 'starting' });
  // Insights here reads the endpoint's summaries: no cache to edit, delete, export or sync.
  useInsightsStore.setState({ readOnly: true });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  );
  try {
    useAppStore.setState({ account: await client.invoke('account.status', {}), phase: 'ready' });
  } catch {
    useAppStore.setState({ phase: 'failed' });
  }
});
