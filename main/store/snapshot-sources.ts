import { findComponent } from '../../shared/catalog';
import { parseInstanceKey } from '../../shared/provision/instance-key';
import type { InstanceRecord } from '../../shared/provision/instance';
import type {
  SnapshotAccess,
  SnapshotInstance,
  SnapshotMatrix,
  SnapshotStatus,
} from '../../shared/snapshots/schema';
import { AppError } from '../../shared/errors';

/**
 * The providers of a snapshot's sections, each read from the cluster now.
 * A method returns null when its data is not available (such as the access
 * lists before the access area can read them) and throws the classified
 * AppError when the cluster could not be read.
 */
export interface SnapshotSources {
  instance(instanceKey: string): Promise<SnapshotInstance | null>;
  status(instanceKey: string): Promise<SnapshotStatus | null>;
  access(instanceKey: string): Promise<SnapshotAccess | null>;
  matrix(instanceKey: string): Promise<SnapshotMatrix | null>;
}

/** Reads an instance record from its cluster (readRecord in main/provision/inventory.ts). */
export type RecordReader = (
  contextId: string,
  namespace: string,
  name: string,
) => Promise<InstanceRecord>;

export function instanceSection(record: InstanceRecord): SnapshotInstance {
  const objectsByComponent: Record<string, number> = {};
  for (const entry of record.inventory) {
    objectsByComponent[entry.component] = (objectsByComponent[entry.component] ?? 0) + 1;
  }
  return {
    spec: record.spec,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    generation: record.generation,
    objectCount: record.inventory.length,
    objectsByComponent,
  };
}

/**
 * Builds the status section from the record alone: its phase, and its
 * components with the catalog's version. Observed versions and the transition history come
 * from the status area; this section leaves them unknown (null, one entry).
 */
export function recordStatusSection(record: InstanceRecord): SnapshotStatus {
  const { objectsByComponent } = instanceSection(record);
  const components = Object.entries(objectsByComponent)
    .map(([id, objectCount]) => ({
      id,
      expectedVersion: findComponent(record.spec.release, id as never)?.version ?? null,
      observedVersion: null,
      objectCount,
      state: null,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const { phase, reason, updatedAt } = record.status;
  return { phase, reason, updatedAt, components, history: [{ phase, reason, at: updatedAt }] };
}

/**
 * Sources built on the instance record alone: the spec and inventory, and
 * the status the record carries. Access and matrix are null until the lead
 * passes sources backed by the access area. A snapshot reads the instance
 * section first, so status() uses the record instance() just read (once,
 * within 10 seconds) instead of reading it again.
 */
export function createRecordSources(read: RecordReader): SnapshotSources {
  const justRead = new Map<string, { at: number; record: InstanceRecord }>();

  const load = async (instanceKey: string): Promise<InstanceRecord> => {
    const parts = parseInstanceKey(instanceKey);
    if (!parts) {
      throw new AppError(
        'invalid-request',
        'snapshotInstanceKeyInvalid',
        `"${instanceKey}" is not an instance key.`,
        {
          key: instanceKey,
        },
      );
    }
    return read(parts.contextId, parts.namespace, parts.name);
  };

  return {
    async instance(key) {
      const record = await load(key);
      justRead.set(key, { at: Date.now(), record });
      return instanceSection(record);
    },
    async status(key) {
      const cached = justRead.get(key);
      justRead.delete(key);
      const record = cached && Date.now() - cached.at < 10_000 ? cached.record : await load(key);
      return recordStatusSection(record);
    },
    access: async () => null,
    matrix: async () => null,
  };
}
