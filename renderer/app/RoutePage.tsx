import { AccessPage } from '../access/AccessPage';
import { RolesPage } from '../access/RolesPage';
import { ComponentsPage } from '../components/ComponentsPage';
import { InstancesPage } from '../instances/InstancesPage';
import { ClustersPage } from '../kube/ClustersPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SnapshotsPage } from '../snapshots/SnapshotsPage';
import type { RouteId } from './routes';

export function RoutePage({ route }: { route: RouteId }) {
  switch (route) {
    case 'clusters':
      return <ClustersPage />;
    case 'instances':
      return <InstancesPage />;
    case 'components':
      return <ComponentsPage />;
    case 'access':
      return <AccessPage />;
    case 'roles':
      return <RolesPage />;
    case 'snapshots':
      return <SnapshotsPage />;
    case 'settings':
      return <SettingsPage />;
  }
}
