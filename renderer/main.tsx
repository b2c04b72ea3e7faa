import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { resolveLanguage } from '../shared/i18n';
import { App } from './app/App';
import { createStores } from './app/create-stores';
import { createI18n } from './app/i18n';
import { createBridge } from './bridge/create-bridge';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element to render into.');

const stores = createStores(createBridge());
// The browser's language is a first guess, and useLanguageSync switches to
// the saved setting as soon as settings.get returns.
const i18n = createI18n(resolveLanguage('system', navigator.language));

createRoot(root).render(
  <StrictMode>
    <App stores={stores} i18n={i18n} />
  </StrictMode>,
);
