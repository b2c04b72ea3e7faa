import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { ContextSwitcher } from '../kube/ContextSwitcher';
import { ThemeToggle } from './ThemeToggle';

export function TopBar() {
  const { t } = useTranslation();

  return (
    <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
      <Toolbar sx={{ gap: 2 }}>
        <Typography variant="h6" component="div" noWrap>
          {t('app.name')}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <ContextSwitcher />
        <ThemeToggle />
      </Toolbar>
    </AppBar>
  );
}
