import type { ClusterFacts } from '../../../shared/contract/areas/instance-options';
import { readClusterFacts } from '../cluster-facts';
import type { InstanceService } from '../instance-service';

/** Timeout of each call that reads cluster facts, in milliseconds. */
const factsTimeoutMs = 8_000;

/** Builds the handler of `instances.clusterFacts`, which reads the facts of one context's cluster. */
export function createClusterFactsHandler(service: Pick<InstanceService, 'client'>) {
  return async ({ contextId }: { contextId: string }): Promise<ClusterFacts> => {
    const { config } = await service.client(contextId);
    return readClusterFacts(config, { timeoutMs: factsTimeoutMs });
  };
}
