import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { AppError } from '../../shared/errors';
import { silentLogger } from '../log';
import { ContextRegistry, contextId } from './context-registry';
import type { CredentialVault } from './credential-vault';
import { ImportedKubeconfigs, slugImportName } from './imported-kubeconfigs';

let dataDir = '';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kfd-imported-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Stands in for the OS keychain (Electron's safeStorage), which tests cannot
 * reach: AES-256-GCM with a random key that lives only as long as the vault.
 */
function testVault(): CredentialVault {
  const key = randomBytes(32);
  return {
    available: () => true,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const unavailableVault: CredentialVault = {
  available: () => false,
  encrypt: () => {
    throw new Error('no key store');
  },
  decrypt: () => {
    throw new Error('no key store');
  },
};

/** Credentials generated for one test, so no fixed secret is ever written to the repository. */
function secrets() {
  const random = () => randomBytes(18).toString('base64');
  return {
    token: random(),
    password: random(),
    keyData: random(),
    certData: random(),
    idToken: random(),
    refreshToken: random(),
    clientSecret: random(),
    envSecret: random(),
  };
}

type Secrets = ReturnType<typeof secrets>;

/** Returns a kubeconfig whose users carry every kind of credential the import removes. */
function kubeconfigWith(values: Secrets): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'prod', cluster: { server: 'https://127.0.0.1:6443' } }],
    users: [
      { name: 'token-user', user: { token: values.token } },
      { name: 'basic-user', user: { username: 'admin', password: values.password } },
      {
        name: 'cert-user',
        user: { 'client-certificate-data': values.certData, 'client-key-data': values.keyData },
      },
      {
        name: 'oidc-user',
        user: {
          'auth-provider': {
            name: 'oidc',
            config: {
              'client-id': 'kubeflow',
              'id-token': values.idToken,
              'refresh-token': values.refreshToken,
              'client-secret': values.clientSecret,
            },
          },
        },
      },
      {
        name: 'exec-user',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: 'cloud-login',
            env: [
              { name: 'REGION', value: 'eu-west-1' },
              { name: 'LOGIN_SECRET', value: values.envSecret },
            ],
          },
        },
      },
    ],
    contexts: ['token', 'basic', 'cert', 'oidc', 'exec'].map((kind) => ({
      name: `prod-${kind}`,
      context: { cluster: 'prod', user: `${kind}-user` },
    })),
  });
}

async function importError(
  imported: ImportedKubeconfigs,
  content: string,
  name = 'team',
): Promise<AppError> {
  const error = await imported.import({ name, content, storeCredentials: false }).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function loadImported(imported: ImportedKubeconfigs): Promise<ContextRegistry> {
  const registry = new ContextRegistry(silentLogger);
  await registry.load(await imported.specs());
  return registry;
}

describe('slugImportName', () => {
  it.each([
    ['Team Prod', 'team-prod'],
    ['  EKS: eu-west-1 / prod  ', 'eks-eu-west-1-prod'],
    ['Café', 'cafe'],
    ['../../etc/passwd', 'etc-passwd'],
    ['운영', '운영'],
    ['운영 클러스터 / A', '운영-클러스터-a'],
    ['--- / ---', ''],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)}-b`, 'a'.repeat(62)],
  ])('turns %s into %s', (name, slug) => {
    expect(slugImportName(name)).toBe(slug);
  });
});

describe('ImportedKubeconfigs with a vault', () => {
  it('stores the file without credentials', async () => {
    const values = secrets();
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const result = await imported.import({
      name: 'Team Prod',
      content: kubeconfigWith(values),
      storeCredentials: false,
    });
    const onDisk = await readFile(result.path, 'utf8');

    expect(result.path).toBe(path.join(dataDir, 'kubeconfigs', 'team-prod.yaml'));
    expect(result.credentials).toBe('encrypted');
    expect(result.contextCount).toBe(5);
    for (const [field, value] of Object.entries(values)) {
      expect(onDisk, field).not.toContain(value);
    }
  });

  it('encrypts the credentials file', async () => {
    const values = secrets();
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    await imported.import({
      name: 'team',
      content: kubeconfigWith(values),
      storeCredentials: false,
    });
    const sealed = await readFile(path.join(dataDir, 'kubeconfigs', 'team.credentials'));

    for (const [field, value] of Object.entries(values)) {
      expect(sealed.includes(Buffer.from(value)), field).toBe(false);
    }
  });

  it('merges credentials on load', async () => {
    const values = secrets();
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(values),
      storeCredentials: false,
    });

    const registry = await loadImported(imported);
    const user = (context: string) => registry.resolve(contextId(file, context))?.user;

    expect(user('prod-token')?.raw.token).toBe(values.token);
    expect(user('prod-token')?.authKind).toBe('token');
    expect(user('prod-basic')?.raw.password).toBe(values.password);
    expect(user('prod-cert')?.raw['client-key-data']).toBe(values.keyData);
    expect(user('prod-cert')?.raw['client-certificate-data']).toBe(values.certData);
    expect(user('prod-cert')?.authKind).toBe('client-certificate');
    expect(user('prod-oidc')?.raw['auth-provider']).toEqual({
      name: 'oidc',
      config: {
        'client-id': 'kubeflow',
        'id-token': values.idToken,
        'refresh-token': values.refreshToken,
        'client-secret': values.clientSecret,
      },
    });
    expect(user('prod-exec')?.raw.exec).toMatchObject({
      env: [
        { name: 'REGION', value: 'eu-west-1' },
        { name: 'LOGIN_SECRET', value: values.envSecret },
      ],
    });
  });

  it('lists the source as imported', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    const list = (await loadImported(imported)).list(null);

    expect(list.sources).toEqual([
      {
        path: file,
        origin: 'imported',
        folder: null,
        removable: true,
        error: null,
        errorText: null,
        contextCount: 5,
      },
    ]);
  });

  it('keeps credentials out of the list', async () => {
    const values = secrets();
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    await imported.import({
      name: 'team',
      content: kubeconfigWith(values),
      storeCredentials: false,
    });

    const listed = JSON.stringify((await loadImported(imported)).list(null));

    expect(listed).not.toContain(values.token);
    expect(listed).not.toContain(values.keyData);
  });

  it('reports encrypted storage', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    expect(await imported.credentialStorage(file)).toBe('encrypted');
  });

  it('reports a key that changed', async () => {
    const first = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const { path: file } = await first.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });
    const second = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const list = (await loadImported(second)).list(null);

    expect(list.sources[0]?.error).toBe(
      `${file}: its credentials cannot be decrypted, for example because the OS keychain was reset. Remove this kubeconfig and import it again.`,
    );
  });

  it('reports a vault gone', async () => {
    const first = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    await first.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });
    const second = new ImportedKubeconfigs(dataDir, null, silentLogger);

    const list = (await loadImported(second)).list(null);

    expect(list.sources[0]?.error).toContain('encrypted with the OS keychain');
  });

  it('writes no credentials file without credentials', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const content = stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { exec: { command: 'login' } } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    });

    const result = await imported.import({ name: 'team', content, storeCredentials: false });

    expect(result.credentials).toBe('none');
    expect(await readdir(path.join(dataDir, 'kubeconfigs'))).toEqual(['team.yaml']);
    expect(await readFile(result.path, 'utf8')).toBe(content);
  });
});

describe('ImportedKubeconfigs without a vault', () => {
  it('drops credentials unless asked', async () => {
    const values = secrets();
    const imported = new ImportedKubeconfigs(dataDir, null, silentLogger);

    const result = await imported.import({
      name: 'team',
      content: kubeconfigWith(values),
      storeCredentials: false,
    });
    const onDisk = await readFile(result.path, 'utf8');

    expect(result.credentials).toBe('dropped');
    for (const [field, value] of Object.entries(values)) {
      expect(onDisk, field).not.toContain(value);
    }
    expect(await readdir(path.join(dataDir, 'kubeconfigs'))).toEqual(['team.yaml']);
  });

  it('loads dropped users without auth', async () => {
    const imported = new ImportedKubeconfigs(dataDir, null, silentLogger);
    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    const registry = await loadImported(imported);

    expect(registry.summary(contextId(file, 'prod-token'))?.authKind).toBe('none');
    expect(registry.summary(contextId(file, 'prod-cert'))?.authKind).toBe('none');
    expect(registry.summary(contextId(file, 'prod-basic'))?.authKind).toBe('basic');
  });

  it('treats an unavailable vault as none', async () => {
    const imported = new ImportedKubeconfigs(dataDir, unavailableVault, silentLogger);

    const result = await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    expect(result.credentials).toBe('dropped');
  });

  it('stores plain text when asked', async () => {
    const values = secrets();
    const content = kubeconfigWith(values);
    const imported = new ImportedKubeconfigs(dataDir, null, silentLogger);

    const result = await imported.import({ name: 'team', content, storeCredentials: true });

    expect(result.credentials).toBe('plaintext');
    expect(await readFile(result.path, 'utf8')).toBe(content);
    expect((await stat(result.path)).mode & 0o777).toBe(0o600);
    expect(await imported.credentialStorage(result.path)).toBe('plaintext');
  });

  it('loads plain-text credentials', async () => {
    const values = secrets();
    const imported = new ImportedKubeconfigs(dataDir, null, silentLogger);
    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(values),
      storeCredentials: true,
    });

    const registry = await loadImported(imported);

    expect(registry.resolve(contextId(file, 'prod-token'))?.user.raw.token).toBe(values.token);
  });
});

describe('ImportedKubeconfigs validation', () => {
  it('reports the line of a YAML error', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const content = 'apiVersion: v1\nkind: Config\ncontexts:\n  - name: x\n    context: [\n';

    const error = await importError(imported, content);

    expect(error.code).toBe('importInvalidYaml');
    expect(error.kind).toBe('invalid-request');
    expect(error.params.line).toBe('6');
  });

  it('reports a duplicate name', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const content = stringify({
      contexts: [
        { name: 'x', context: {} },
        { name: 'x', context: {} },
      ],
    });

    const error = await importError(imported, content);

    expect(error.code).toBe('importInvalid');
    expect(error.params.detail).toContain('twice');
  });

  it('rejects content without contexts', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const error = await importError(imported, 'name: not-a-kubeconfig\n');

    expect(error.code).toBe('importInvalid');
    expect(error.params.detail).toBe('it defines no contexts');
  });

  it('rejects a top-level list', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const error = await importError(imported, '- a\n- b\n');

    expect(error.code).toBe('importInvalid');
  });

  it('rejects a name without letters', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const error = await importError(imported, kubeconfigWith(secrets()), '--- / ---');

    expect(error.code).toBe('importNameInvalid');
    expect(error.params.name).toBe('--- / ---');
  });

  it('keeps a Korean name', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const result = await imported.import({
      name: '운영 클러스터',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    expect(path.basename(result.path)).toBe('운영-클러스터.yaml');
  });

  it('writes nothing for invalid content', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    await importError(imported, 'contexts: [\n');

    expect(await imported.specs()).toEqual([]);
  });
});

describe('ImportedKubeconfigs names', () => {
  it('rejects a taken name', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const first = kubeconfigWith(secrets());
    await imported.import({ name: 'Team', content: first, storeCredentials: false });
    const firstOnDisk = await readFile(path.join(dataDir, 'kubeconfigs', 'team.yaml'));

    const error = await importError(imported, kubeconfigWith(secrets()), 'team');

    expect(error.code).toBe('importNameTaken');
    expect(error.kind).toBe('conflict');
    expect(await readFile(path.join(dataDir, 'kubeconfigs', 'team.yaml'))).toEqual(firstOnDisk);
  });

  it('keeps the first of two at once', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const first = secrets();
    const second = secrets();

    const results = await Promise.allSettled([
      imported.import({ name: 'team', content: kubeconfigWith(first), storeCredentials: false }),
      imported.import({ name: 'team', content: kubeconfigWith(second), storeCredentials: false }),
    ]);
    const registry = await loadImported(imported);
    const file = path.join(dataDir, 'kubeconfigs', 'team.yaml');

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(registry.resolve(contextId(file, 'prod-token'))?.user.raw.token).toBe(first.token);
  });

  it('leaves no temporary files', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    expect((await readdir(path.join(dataDir, 'kubeconfigs'))).sort()).toEqual([
      'team.credentials',
      'team.yaml',
    ]);
  });

  it('creates files with mode 0600', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(file.replace(/\.yaml$/, '.credentials'))).mode & 0o777).toBe(0o600);
  });
});

describe('ImportedKubeconfigs specs', () => {
  it('lists none without the folder', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    expect(await imported.specs()).toEqual([]);
  });

  it('lists only .yaml files sorted', async () => {
    const folder = path.join(dataDir, 'kubeconfigs');
    await mkdir(folder);
    for (const name of ['b.yaml', 'a.yaml', 'a.credentials', '.a.yaml.1f2e.tmp']) {
      await writeFile(path.join(folder, name), '');
    }
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);

    const specs = await imported.specs();

    expect(specs.map((spec) => path.basename(spec.path))).toEqual(['a.yaml', 'b.yaml']);
    expect(specs.map((spec) => spec.origin)).toEqual(['imported', 'imported']);
  });
});

describe('ImportedKubeconfigs remove', () => {
  it('deletes the file and its credentials', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const { path: file } = await imported.import({
      name: 'team',
      content: kubeconfigWith(secrets()),
      storeCredentials: false,
    });

    await imported.remove(file);

    expect(await readdir(path.join(dataDir, 'kubeconfigs'))).toEqual([]);
  });

  it('rejects a path outside its folder', async () => {
    const imported = new ImportedKubeconfigs(dataDir, testVault(), silentLogger);
    const outside = path.join(dataDir, 'settings.json');
    await writeFile(outside, '{}');

    const error = await imported.remove(outside).then(
      () => null,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('sourceNotFound');
    expect(await readFile(outside, 'utf8')).toBe('{}');
  });
});
