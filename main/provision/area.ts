import type { instanceRequests } from '../../shared/contract/areas/instances';
import type { AreaContext, AreaHandlers } from '../area';
import { InstanceService, type InstanceServiceDeps } from './instance-service';
import { createClusterFactsHandler } from './options/handlers';

export interface ProvisionArea {
  service: InstanceService;
  handlers: AreaHandlers<typeof instanceRequests>;
}

export function createProvisionArea(
  context: AreaContext,
  deps: InstanceServiceDeps,
): ProvisionArea {
  const service = new InstanceService(context, deps);
  return {
    service,
    handlers: {
      'instances.list': () => service.list(),
      'instances.get': ({ key }) => service.get(key),
      'instances.plan': (request) => service.plan(request),
      'instances.apply': ({ planId }) => service.apply(planId),
      'instances.resume': ({ key, credentials }) => service.resume(key, credentials),
      'instances.clusterFacts': createClusterFactsHandler(service),
      'instances.cancel': ({ jobId }) => service.cancel(jobId),
      'instances.resolveConflict': ({ jobId, decision }) =>
        service.resolveConflict(jobId, decision),
      'instances.delete': ({ key, confirmName }) => service.remove(key, confirmName),
      'instances.planUpgrade': ({ key, release, credentials, source }) =>
        service.planUpgrade(key, release, credentials, source),
      'instances.upgrade': ({ planId, prune }) => service.upgrade(planId, prune),
      'instances.jobs': () => ({ jobs: service.listJobs() }),
    },
  };
}
