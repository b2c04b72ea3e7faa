import type {
  ClusterFacts,
  NodePoolFact,
} from '../../../../shared/contract/areas/instance-options';
import type { OptionsFormValue, Toleration } from '../../../../shared/provision/options';

export type FormOptions = OptionsFormValue['options'];
export type PlacementInput = NonNullable<FormOptions['nodePlacement']>;
export type PoolInput = NonNullable<PlacementInput['ingress']>;
export type GpuPoolInput = NonNullable<PlacementInput['gpu']>;

/** Builds the form's starting value: bundled storage and database, no pools, and an empty password to fill in. */
export function defaultOptionsFormValue(): OptionsFormValue {
  return {
    options: {
      nodePlacement: { ingress: null, worker: null, cpu: null, gpu: null },
      storageClass: null,
      objectStorage: { kind: 'bundled-minio' },
      database: { kind: 'bundled-mysql' },
      domain: null,
      ownerNamespace: null,
    },
    credentials: { objectStorage: null, database: { password: '' } },
  };
}

/** Tolerations for every taint that all nodes of a pool carry. */
export function tolerationsFor(pool: NodePoolFact): Toleration[] {
  return pool.taints.map((taint) =>
    taint.value === null
      ? { key: taint.key, operator: 'Exists', effect: taint.effect as Toleration['effect'] }
      : {
          key: taint.key,
          operator: 'Equal',
          value: taint.value,
          effect: taint.effect as Toleration['effect'],
        },
  );
}

/** Key of a pool in a picker: its label and value. */
export function poolKey(label: string, value: string): string {
  return `${label}=${value}`;
}

/** Finds the pool fact that a node selector picks, when it has exactly one label. */
export function poolOfSelector(
  facts: ClusterFacts | null,
  selector: Record<string, string> | undefined,
): NodePoolFact | null {
  const entries = Object.entries(selector ?? {});
  if (!facts || entries.length !== 1) return null;
  const [label, value] = entries[0] ?? [];
  return facts.pools.find((pool) => pool.label === label && pool.value === value) ?? null;
}

const passwordAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Generates a 24-character password from the browser's cryptographic random source. */
export function generatePassword(length = 24): string {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => passwordAlphabet[byte % passwordAlphabet.length]).join('');
}
