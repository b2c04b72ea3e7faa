import type { KubeConfig } from '@kubernetes/client-node';

import type { InstanceList, InstanceSummary } from '../../shared/contract/areas/instances';
import type { ContextSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { instanceKey } from '../../shared/provision/instance-key';
import type { InstanceRecord } from '../../shared/provision/instance';
import type { AreaContext } from '../area';
import { createClientConfig } from '../kube/client';
import type { ResolvedContext } from '../kube/context-registry';
import { listRecords, loadLocalCopies, saveLocalCopy } from './inventory';

/** Timeout of each call that lists instance records, in milliseconds. */
const listTimeoutMs = 8_000;

/** A usable context with a client configuration for it. */
export interface ContextClient {
  resolved: ResolvedContext;
  config: KubeConfig;
}

/** Turns a record into the row the Instances list shows. */
export function summarize(
  record: InstanceRecord,
  context: ContextSummary,
  origin: InstanceSummary['origin'],
  asOf: string,
): InstanceSummary {
  const { spec, status } = record;
  return {
    key: instanceKey(context.id, spec.namespace, spec.name),
    contextId: context.id,
    contextName: context.ref.name,
    server: context.server,
    name: spec.name,
    namespace: spec.namespace,
    release: spec.release,
    serviceType: spec.serviceType,
    phase: status.phase,
    reason: status.reason,
    owners: spec.owners,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    objectCount: record.inventory.length,
    simulation: spec.manifestSource.kind === 'sandbox-simulation',
    origin,
    asOf,
  };
}

/**
 * Instances across every usable context: lists their records in each
 * cluster, keeps a local copy of each for offline use, and falls back to the
 * local copies of a context whose cluster cannot be read.
 */
export class InstanceService {
  constructor(private readonly context: AreaContext) {}

  /** Resolves a usable context and builds its client configuration. */
  async client(contextId: string): Promise<ContextClient> {
    const resolved = await this.context.kube.resolve(contextId);
    const config = await createClientConfig(resolved, this.context.kube.deps);
    return { resolved, config };
  }

  async list(): Promise<InstanceList> {
    const { contexts } = await this.context.kube.listContexts();
    const usable = contexts.filter((context) => context.invalidReason === null);
    const local = await loadLocalCopies(this.context.dataDir, this.context.log.child('instances'));
    const results = await Promise.all(usable.map((context) => this.listIn(context)));

    const list: InstanceList = { instances: [], failures: [] };
    results.forEach((result, index) => {
      const context = usable[index];
      if (!context) return;
      if (result.ok) {
        list.instances.push(...result.instances);
        return;
      }
      list.failures.push({
        contextId: context.id,
        contextName: context.ref.name,
        error: result.error.toShape(),
      });
      for (const copy of local.copies) {
        if (copy.contextKey !== context.id) continue;
        list.instances.push(summarize(copy.record, context, 'local-copy', copy.savedAt));
      }
    });
    list.instances.sort(
      (a, b) =>
        a.contextName.localeCompare(b.contextName) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
    return list;
  }

  private async listIn(
    context: ContextSummary,
  ): Promise<{ ok: true; instances: InstanceSummary[] } | { ok: false; error: AppError }> {
    try {
      const { config } = await this.client(context.id);
      const listed = await listRecords(config, {
        timeoutMs: listTimeoutMs,
        log: this.context.log.child('instances'),
      });
      const asOf = new Date().toISOString();
      for (const record of listed.records) {
        await saveLocalCopy(this.context.dataDir, context.id, record).catch((error: unknown) =>
          this.context.log.warn('could not save the local copy of an instance', {
            instance: record.spec.name,
            error: String(error),
          }),
        );
      }
      return {
        ok: true,
        instances: listed.records.map((record) => summarize(record, context, 'cluster', asOf)),
      };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error };
      throw error;
    }
  }
}
