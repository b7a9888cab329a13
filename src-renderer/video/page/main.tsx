// Only the colours and resets of the app's sheet; the page's own sheet does the rest.
import '../../styles.css';
import './page.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { VideoPageApp } from './VideoPageApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <VideoPageApp />
  </StrictMode>,
);
