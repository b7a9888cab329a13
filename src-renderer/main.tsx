// The global sheet comes first: the shell's and the features' sheets (imported by their
// components) follow it in the bundle and refine it.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, systemLanguage } from './i18n';
import { connect } from './ipc/tandem';
import { App } from './shell/App';
import { useAppStore } from './store/appStore';

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
