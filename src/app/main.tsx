/// <reference types="vite-plugin-pwa/vanillajs" />
// First: starts the database and the sample's fetch before the rest is evaluated (boot.ts).
import './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline after the first visit (vite.config.ts): the service worker precaches the built app and
// the sample. The dev server's registerSW does nothing. A new version is used once every tab of
// the dashboard has been closed; it is never forced on an open tab.
registerSW({ immediate: false });
