import type { accessRequests } from '../../shared/contract/areas/access';
import type { AreaContext, AreaHandlers } from '../area';

export interface AccessArea {
  handlers: AreaHandlers<typeof accessRequests>;
}

export function createAccessArea(context: AreaContext): AccessArea {
  void context;
  return { handlers: {} };
}
