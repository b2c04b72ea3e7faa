import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { AppError } from '../../../shared/errors';
import { InstanceSpecSchema, type InstanceSpecInput } from '../../../shared/provision/instance';
import { generateSandboxBundle } from '../sandbox-bundle';
import { applyInstanceOptions } from './apply-options';
import { podTemplateOf } from './objects';
import {
  dex110Objects,
  findIn,
  ingressObjects,
  pipelinesObjects,
  userNamespaceObjects,
} from './upstream-fixtures';

function spec(options: InstanceSpecInput['options'], release: '1.8.0' | '1.10.0' = '1.10.0') {
  return InstanceSpecSchema.parse({
    name: 'team',
    release,
    serviceType: 'serving',
    context: { source: '/tmp/kubeconfig', name: 'sandbox-admin' },
    owners: ['alice@corp.example'],
    manifestSource: { kind: 'sandbox-simulation', path: null, tag: null },
    options,
  });
}

const gpuPool = { nodeSelector: { 'kubeflow-desktop.io/pool': 'gpu' } };

describe('applyInstanceOptions', () => {
  it('applies every option to upstream shapes', async () => {
    const objects = [
      ...pipelinesObjects(),
      ...ingressObjects(),
      ...userNamespaceObjects(),
      ...dex110Objects(),
    ];
    const password = randomBytes(12).toString('base64url');

    const result = await applyInstanceOptions(
      objects,
      spec({
        nodePlacement: {
          ingress: { nodeSelector: { 'kubeflow-desktop.io/pool': 'ingress' } },
          gpu: gpuPool,
        },
        storageClass: 'fast',
        database: { kind: 'bundled-mysql' },
        objectStorage: { kind: 'bundled-minio' },
        domain: 'kubeflow.corp.example',
        ownerNamespace: 'alice',
      }),
      { credentials: { database: { password } }, bcryptCost: 10 },
    );

    const options = new Set(result.effects.map((entry) => entry.option));
    expect([...options].sort()).toEqual([
      'database',
      'domain',
      'nodePlacement',
      'owner',
      'storageClass',
    ]);
    expect(findIn(result.objects, 'Profile', 'alice')).toBeDefined();
    expect(result.oneTimeValues.ownerPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(result.secrets.map((ref) => `${ref.namespace}/${ref.name}`).sort()).toEqual([
      'auth/dex-passwords',
      'kubeflow/mysql-secret',
    ]);
    expect(JSON.stringify(result.effects)).not.toContain(password);
  });

  it('leaves the input objects unchanged', async () => {
    const objects = ingressObjects();
    const before = JSON.stringify(objects);

    await applyInstanceOptions(
      objects,
      spec({ domain: 'kubeflow.corp.example', nodePlacement: { ingress: gpuPool } }),
    );

    expect(JSON.stringify(objects)).toBe(before);
  });

  it('transforms the sandbox bundle', async () => {
    const bundle = generateSandboxBundle('1.8.0', 'hpt');

    const result = await applyInstanceOptions(
      bundle.objects,
      spec(
        { nodePlacement: { worker: { nodeSelector: { 'kubeflow-desktop.io/pool': 'worker' } } } },
        '1.8.0',
      ),
    );

    const dashboard = findIn(result.objects, 'Deployment', 'centraldashboard');
    expect(dashboard ? podTemplateOf(dashboard)?.spec?.nodeSelector : null).toEqual({
      'kubeflow-desktop.io/pool': 'worker',
    });
    expect(findIn(result.objects, 'Profile', 'kubeflow-alice-corp-example')).toBeDefined();
  });

  it('rejects invalid credentials', async () => {
    const run = applyInstanceOptions(
      ingressObjects(),
      spec({ database: { kind: 'bundled-mysql' } }),
      {
        credentials: { database: { password: 'short' } },
      },
    );

    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toThrow('has 5 characters');
  });

  it('requires the database password', async () => {
    const run = applyInstanceOptions(
      ingressObjects(),
      spec({ database: { kind: 'bundled-mysql' } }),
    );

    await expect(run).rejects.toMatchObject({ code: 'instanceOptionsDatabasePasswordMissing' });
  });
});
