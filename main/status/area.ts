import type { statusRequests } from '../../shared/contract/areas/status';
import type { AreaContext, AreaHandlers } from '../area';
import { createClientConfig } from '../kube/client';
import { StatusService, type StatusServiceOptions } from './status-service';

export interface StatusArea {
  handlers: AreaHandlers<typeof statusRequests>;
  /** The engine: the Instances list, the snapshot store and the notifications read it. */
  service: StatusService;
}

/** Options that tests and the benchmark change; the app uses the defaults. */
export type StatusAreaDeps = Partial<
  Pick<StatusServiceOptions, 'lifecycle' | 'timing' | 'tickMs' | 'coalesceMs' | 'refreshTimeoutMs'>
>;

export function createStatusArea(context: AreaContext, deps: StatusAreaDeps = {}): StatusArea {
  const service = new StatusService({
    ...deps,
    dataDir: context.dataDir,
    kube: context.kube,
    hub: context.hub,
    log: context.log.child('status'),
    clientFor: async (contextId) =>
      createClientConfig(await context.kube.resolve(contextId), context.kube.deps),
  });
  const started = service
    .start()
    .catch((error: Error) =>
      context.log.error('the status engine failed to start', { error: error.message }),
    );
  context.onClose(async () => {
    await started;
    await service.close();
  });

  return {
    service,
    handlers: {
      'status.list': async () => {
        await started;
        return {
          instances: service.list(),
          clusters: service.clusters(),
          pinned: service.pinnedContexts(),
        };
      },
      'status.get': async ({ key }) => {
        await started;
        return service.current(key);
      },
      'status.history': async ({ key }) => {
        await started;
        return { key, transitions: service.history(key) };
      },
      'status.pin': async ({ contextId }) => ({ pinned: await service.pin(contextId) }),
      'status.unpin': async ({ contextId }) => ({ pinned: await service.unpin(contextId) }),
      'status.refresh': async ({ contextId }) => {
        await started;
        return { instances: await service.refresh(contextId) };
      },
    },
  };
}
