import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';

import { StatusNotifications } from '../status/StatusNotifications';
import { ErrorSnackbar } from './ErrorSnackbar';
import { NavDrawer } from './NavDrawer';
import { RoutePage } from './RoutePage';
import { SandboxBanner } from './SandboxBanner';
import { TopBar } from './TopBar';
import { useAppStore } from './useAppStore';
import { useHashRoute } from './useHashRoute';
import { useLanguageSync } from './useLanguageSync';
import { useStoreLifecycle } from './useStoreLifecycle';

export function AppShell() {
  useStoreLifecycle();
  useLanguageSync();
  const route = useHashRoute();
  // Electron shows desktop notifications from main; the browser does it here.
  const shell = useAppStore((state) => state.info?.shell ?? null);

  return (
    <Box sx={{ display: 'flex', height: '100vh' }}>
      <TopBar />
      <NavDrawer route={route} />
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, overflow: 'auto', p: 3 }}>
        <Toolbar />
        <SandboxBanner />
        <RoutePage route={route} />
      </Box>
      <ErrorSnackbar />
      {shell === 'web' && <StatusNotifications />}
    </Box>
  );
}
