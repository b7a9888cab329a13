import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, systemLanguage } from './i18n';
import { connect } from './ipc/tandem';
import { App } from './shell/App';
import { useAppStore } from './store/appStore';
import './styles.css';

// The first paint (“Starting Tandem…”) follows the system language; the stored choice, read
// from the core, replaces it a moment later.
void initI18n(systemLanguage()).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  void useAppStore.getState().start(connect());
});
