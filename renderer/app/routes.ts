import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import CameraAltOutlined from '@mui/icons-material/CameraAltOutlined';
import DnsOutlined from '@mui/icons-material/DnsOutlined';
import GroupOutlined from '@mui/icons-material/GroupOutlined';
import Inventory2Outlined from '@mui/icons-material/Inventory2Outlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import WidgetsOutlined from '@mui/icons-material/WidgetsOutlined';
import type SvgIcon from '@mui/material/SvgIcon';

export const routeIds = [
  'clusters',
  'instances',
  'components',
  'access',
  'roles',
  'snapshots',
  'settings',
] as const;
export type RouteId = (typeof routeIds)[number];

export const defaultRoute: RouteId = 'clusters';

export const routeIcons: Record<RouteId, typeof SvgIcon> = {
  clusters: DnsOutlined,
  instances: Inventory2Outlined,
  components: WidgetsOutlined,
  access: GroupOutlined,
  roles: AdminPanelSettingsOutlined,
  snapshots: CameraAltOutlined,
  settings: SettingsOutlined,
};

export function routeHref(route: RouteId): string {
  return `#/${route}`;
}

/** Parses a location hash such as "#/clusters", or returns null when the hash names no route. */
export function parseRouteHash(hash: string): RouteId | null {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (routeIds as readonly string[]).includes(path) ? (path as RouteId) : null;
}
