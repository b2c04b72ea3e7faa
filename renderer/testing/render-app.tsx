import { render, screen, type RenderResult } from '@testing-library/react';

import type { SupportedLanguage } from '../../shared/i18n';
import { App } from '../app/App';
import { createStores } from '../app/create-stores';
import { createI18n } from '../app/i18n';
import type { Stores } from '../app/stores-context';
import { FakeBridge, type FakeHandlers } from './fake-bridge';

export interface RenderedApp extends RenderResult {
  bridge: FakeBridge;
  stores: Stores;
}

/** Renders the whole app over a fake bridge and waits until the first page heading shows. */
export async function renderApp(
  handlers: FakeHandlers,
  options: { route?: string; language?: SupportedLanguage } = {},
): Promise<RenderedApp> {
  window.location.hash = options.route ?? '#/clusters';
  const bridge = new FakeBridge(handlers);
  const stores = createStores(bridge);
  const i18n = createI18n(options.language ?? 'en');

  const result = render(<App stores={stores} i18n={i18n} />);
  await screen.findByTestId('page-title');
  return { ...result, bridge, stores };
}
