import type { snapshotRequests } from '../../shared/contract/areas/snapshots';
import type { AreaContext, AreaHandlers } from '../area';

export interface SnapshotArea {
  handlers: AreaHandlers<typeof snapshotRequests>;
}

export function createSnapshotArea(context: AreaContext): SnapshotArea {
  void context;
  return { handlers: {} };
}
