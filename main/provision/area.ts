import type { instanceRequests } from '../../shared/contract/areas/instances';
import type { AreaContext, AreaHandlers } from '../area';
import { InstanceService } from './instance-service';

export interface ProvisionArea {
  service: InstanceService;
  handlers: AreaHandlers<typeof instanceRequests>;
}

export function createProvisionArea(context: AreaContext): ProvisionArea {
  const service = new InstanceService(context);
  return {
    service,
    handlers: {
      'instances.list': () => service.list(),
    },
  };
}
