import type { statusRequests } from '../../shared/contract/areas/status';
import type { AreaContext, AreaHandlers } from '../area';

export interface StatusArea {
  handlers: AreaHandlers<typeof statusRequests>;
}

export function createStatusArea(context: AreaContext): StatusArea {
  void context;
  return { handlers: {} };
}
