import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';

import { AppShell } from './AppShell';
import { AppThemeProvider } from './AppThemeProvider';
import { StoresContext, type Stores } from './stores-context';

export interface AppProps {
  stores: Stores;
  i18n: i18n;
}

export function App({ stores, i18n }: AppProps) {
  return (
    <StoresContext.Provider value={stores}>
      <I18nextProvider i18n={i18n}>
        <AppThemeProvider>
          <AppShell />
        </AppThemeProvider>
      </I18nextProvider>
    </StoresContext.Provider>
  );
}
