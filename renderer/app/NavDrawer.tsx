import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import { useTranslation } from 'react-i18next';

import { routeHref, routeIcons, routeIds, type RouteId } from './routes';

const drawerWidth = 220;

export function NavDrawer({ route }: { route: RouteId }) {
  const { t } = useTranslation();

  return (
    <Drawer
      variant="permanent"
      sx={{
        width: drawerWidth,
        flexShrink: 0,
        '& .MuiDrawer-paper': { width: drawerWidth, boxSizing: 'border-box' },
      }}
    >
      <Toolbar />
      <List component="nav" aria-label={t('nav.label')}>
        {routeIds.map((id) => {
          const Icon = routeIcons[id];
          return (
            <ListItemButton
              key={id}
              component="a"
              href={routeHref(id)}
              selected={id === route}
              aria-current={id === route ? 'page' : undefined}
              data-testid={`nav-${id}`}
            >
              <ListItemIcon>
                <Icon />
              </ListItemIcon>
              <ListItemText primary={t(`nav.${id}`)} />
            </ListItemButton>
          );
        })}
      </List>
    </Drawer>
  );
}
