import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { AppError } from '../../shared/errors';
import { silentLogger } from '../log';
import {
  addedSpecs,
  ContextRegistry,
  contextId,
  defaultSources,
  describeContextId,
  fingerprintOf,
  isSkippedInFolder,
  type SourceSpec,
} from './context-registry';

let folder = '';

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'kfd-registry-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Entries {
  clusters?: [name: string, server?: string][];
  users?: [name: string, user?: Record<string, unknown>][];
  contexts?: [name: string, cluster?: string, user?: string][];
  currentContext?: string;
}

/** Writes a kubeconfig with the given entries into the temp folder and returns its path. */
async function writeKubeconfig(name: string, entries: Entries): Promise<string> {
  const file = path.join(folder, name);
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': entries.currentContext,
    clusters: (entries.clusters ?? []).map(([cluster, server]) => ({
      name: cluster,
      cluster: server ? { server } : { 'insecure-skip-tls-verify': true },
    })),
    users: (entries.users ?? []).map(([user, fields]) => ({ name: user, user: fields ?? {} })),
    contexts: (entries.contexts ?? []).map(([context, cluster, user]) => ({
      name: context,
      context: { cluster, user },
    })),
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, stringify(document));
  return file;
}

/** Writes a kubeconfig with one complete context whose cluster and user share its name. */
function writeSingle(name: string, context: string, server = 'https://127.0.0.1:1') {
  return writeKubeconfig(name, {
    clusters: [[context, server]],
    users: [[context, { username: 'admin' }]],
    contexts: [[context, context, context]],
  });
}

async function loaded(specs: SourceSpec[]): Promise<ContextRegistry> {
  const registry = new ContextRegistry(silentLogger);
  await registry.load(specs);
  return registry;
}

const added = (...paths: string[]): SourceSpec[] =>
  paths.map((file) => ({ path: file, origin: 'added' }));

describe('defaultSources', () => {
  const home = path.join(os.tmpdir(), 'home', 'admin');

  it('uses ~/.kube/config without KUBECONFIG', () => {
    expect(defaultSources({}, home)).toEqual([
      { path: path.join(home, '.kube', 'config'), origin: 'default' },
    ]);
  });

  it('uses ~/.kube/config for an empty KUBECONFIG', () => {
    expect(defaultSources({ KUBECONFIG: '' }, home)).toEqual([
      { path: path.join(home, '.kube', 'config'), origin: 'default' },
    ]);
  });

  it('uses ~/.kube/config for only separators', () => {
    const sources = defaultSources({ KUBECONFIG: path.delimiter + path.delimiter }, home);

    expect(sources).toEqual([{ path: path.join(home, '.kube', 'config'), origin: 'default' }]);
  });

  it('splits KUBECONFIG in order', () => {
    const first = path.join(folder, 'first');
    const second = path.join(folder, 'second');

    const sources = defaultSources({ KUBECONFIG: [first, second].join(path.delimiter) }, home);

    expect(sources).toEqual([
      { path: first, origin: 'env' },
      { path: second, origin: 'env' },
    ]);
  });

  it('skips empty elements', () => {
    const first = path.join(folder, 'first');
    const second = path.join(folder, 'second');
    const list = ['', first, '', second, ''].join(path.delimiter);

    const sources = defaultSources({ KUBECONFIG: list }, home);

    expect(sources.map((source) => source.path)).toEqual([first, second]);
  });

  it('removes duplicates keeping the first', () => {
    const first = path.join(folder, 'first');
    const second = path.join(folder, 'second');
    const list = [first, second, first].join(path.delimiter);

    const sources = defaultSources({ KUBECONFIG: list }, home);

    expect(sources.map((source) => source.path)).toEqual([first, second]);
  });

  it('removes duplicates spelled differently', () => {
    const first = path.join(folder, 'first');
    // Joined by hand, because path.join would normalize the spellings away.
    const list = [first, `${folder}${path.sep}.${path.sep}first`, `${first}${path.sep}`];

    const sources = defaultSources({ KUBECONFIG: list.join(path.delimiter) }, home);

    expect(sources.map((source) => source.path)).toEqual([first]);
  });

  it('removes a relative duplicate', () => {
    const relative = path.join('configs', 'dev');
    const list = [relative, path.resolve(relative)].join(path.delimiter);

    const sources = defaultSources({ KUBECONFIG: list }, home);

    expect(sources.map((source) => source.path)).toEqual([path.resolve(relative)]);
  });

  it('resolves relative elements', () => {
    const sources = defaultSources({ KUBECONFIG: path.join('configs', 'dev') }, home);

    expect(sources[0]?.path).toBe(path.resolve('configs', 'dev'));
  });
});

describe('contextId', () => {
  it.each([
    ['plain', 'kind-kind'],
    ['slash', 'team/prod'],
    ['colon', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
    ['at', 'admin@cluster'],
    ['plus', 'a+b'],
    ['hash', 'a#b'],
    ['percent', '100%'],
    ['space', 'my context'],
  ])('round-trips a %s name', (_label, name) => {
    const source = path.join(folder, 'dir#1', 'config');

    const id = contextId(source, name);

    expect(describeContextId(id)).toBe(`${name} (${source})`);
  });

  it('separates source and name', () => {
    expect(contextId('/a#b', 'c')).not.toBe(contextId('/a', 'b#c'));
  });

  it('describes a foreign id as it is', () => {
    expect(describeContextId('kind-kind')).toBe('kind-kind');
  });

  it('describes a malformed id as it is', () => {
    expect(describeContextId('%E0%A4%A#x')).toBe('%E0%A4%A#x');
  });
});

describe('ContextRegistry', () => {
  it('lists contexts with their summary', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      users: [['u', { username: 'admin' }]],
      contexts: [['x', 'c', 'u']],
    });

    const list = (await loaded(added(file))).list(null);

    expect(list.contexts).toEqual([
      {
        id: contextId(file, 'x'),
        ref: { source: file, name: 'x' },
        cluster: 'c',
        user: 'u',
        namespace: null,
        server: 'https://127.0.0.1:1',
        authKind: 'basic',
        invalidReason: null,
        invalidText: null,
        shadowed: false,
      },
    ]);
    expect(list.sources).toEqual([
      {
        path: file,
        origin: 'added',
        folder: null,
        removable: true,
        error: null,
        errorText: null,
        contextCount: 1,
      },
    ]);
  });

  it('loads a KUBECONFIG list with gaps', async () => {
    const present = await writeSingle('present', 'kind-kind');
    const missing = path.join(folder, 'missing');
    const specs = defaultSources({
      KUBECONFIG: [present, '', missing].join(path.delimiter),
    });

    const list = (await loaded(specs)).list(null);

    expect(list.sources).toHaveLength(2);
    expect(list.sources[0]).toEqual({
      path: present,
      origin: 'env',
      folder: null,
      removable: false,
      error: null,
      errorText: null,
      contextCount: 1,
    });
    expect(list.sources[1]?.path).toBe(missing);
    expect(list.sources[1]?.error).toBe(`${missing} does not exist`);
    expect(list.sources[1]?.contextCount).toBe(0);
    expect(list.contexts.map((context) => context.ref.name)).toEqual(['kind-kind']);
  });

  it('records a folder on its source', async () => {
    const subfolder = path.join(folder, 'configs');
    await mkdir(subfolder);

    const list = (await loaded(added(subfolder))).list(null);

    expect(list.sources[0]?.error).toBe(`${subfolder} is a folder, not a kubeconfig file`);
  });

  it('records invalid YAML on its source', async () => {
    const broken = path.join(folder, 'broken');
    await writeFile(broken, 'contexts: [\n  - name: x\n');
    const good = await writeSingle('good', 'kind-kind');

    const list = (await loaded(added(broken, good))).list(null);

    expect(list.sources[0]?.error).toContain(`${broken} is not valid YAML`);
    expect(list.sources[0]?.contextCount).toBe(0);
    expect(list.sources[1]?.error).toBeNull();
    expect(list.contexts).toHaveLength(1);
  });

  it('lists the same name twice', async () => {
    const first = await writeSingle('first', 'kind-kind', 'https://127.0.0.1:1');
    const second = await writeSingle('second', 'kind-kind', 'https://127.0.0.1:2');

    const contexts = (await loaded(added(first, second))).list(null).contexts;

    expect(contexts).toHaveLength(2);
    expect(contexts[0]?.id).toBe(contextId(first, 'kind-kind'));
    expect(contexts[1]?.id).toBe(contextId(second, 'kind-kind'));
    expect(contexts[0]?.shadowed).toBe(false);
    expect(contexts[1]?.shadowed).toBe(true);
  });

  it('resolves each same-named context in its file', async () => {
    const first = await writeSingle('first', 'kind-kind', 'https://127.0.0.1:1');
    const second = await writeSingle('second', 'kind-kind', 'https://127.0.0.1:2');

    const registry = await loaded(added(first, second));

    expect(registry.resolve(contextId(first, 'kind-kind'))?.cluster.server).toBe(
      'https://127.0.0.1:1',
    );
    expect(registry.resolve(contextId(second, 'kind-kind'))?.cluster.server).toBe(
      'https://127.0.0.1:2',
    );
  });

  it('shadows by file order', async () => {
    const first = await writeSingle('first', 'kind-kind');
    const second = await writeSingle('second', 'kind-kind');

    const contexts = (await loaded(added(second, first))).list(null).contexts;

    expect(contexts[0]?.ref.source).toBe(second);
    expect(contexts[0]?.shadowed).toBe(false);
    expect(contexts[1]?.shadowed).toBe(true);
  });

  it('rejects a context whose user is missing', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      contexts: [['x', 'c', 'ghost']],
    });

    const registry = await loaded(added(file));
    const id = contextId(file, 'x');

    expect(registry.summary(id)?.invalidReason).toBe(
      'user "ghost" is not defined in any kubeconfig file',
    );
    expect(registry.summary(id)?.invalidText).toEqual({
      code: 'contextUserUndefined',
      params: { user: 'ghost' },
    });
    expect(registry.summary(id)?.authKind).toBe('none');
    expect(registry.resolve(id)).toBeUndefined();
  });

  it('rejects a context whose cluster is missing', async () => {
    const file = await writeKubeconfig('config', {
      users: [['u', { username: 'admin' }]],
      contexts: [['x', 'ghost', 'u']],
    });

    const registry = await loaded(added(file));
    const id = contextId(file, 'x');

    expect(registry.summary(id)?.invalidReason).toBe(
      'cluster "ghost" is not defined in any kubeconfig file',
    );
    expect(registry.summary(id)?.server).toBeNull();
    expect(registry.resolve(id)).toBeUndefined();
  });

  it('rejects a cluster without a server', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c']],
      users: [['u', { username: 'admin' }]],
      contexts: [['x', 'c', 'u']],
    });

    const registry = await loaded(added(file));

    expect(registry.summary(contextId(file, 'x'))?.invalidReason).toBe('cluster "c" has no server');
  });

  it('rejects a context naming no cluster', async () => {
    const file = await writeKubeconfig('config', { contexts: [['x', undefined, 'u']] });

    const registry = await loaded(added(file));

    expect(registry.summary(contextId(file, 'x'))?.invalidReason).toBe(
      'the context names no cluster',
    );
  });

  it('rejects a context naming no user', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      contexts: [['x', 'c', undefined]],
    });

    const registry = await loaded(added(file));

    expect(registry.summary(contextId(file, 'x'))?.invalidReason).toBe('the context names no user');
  });

  it('resolves a user from another file', async () => {
    const users = await writeKubeconfig('users', { users: [['u', { token: 'generated' }]] });
    const contexts = await writeKubeconfig('contexts', {
      clusters: [['c', 'https://127.0.0.1:1']],
      contexts: [['x', 'c', 'u']],
    });

    const registry = await loaded(added(contexts, users));
    const resolved = registry.resolve(contextId(contexts, 'x'));

    expect(resolved?.user.name).toBe('u');
    expect(resolved?.summary.authKind).toBe('token');
    expect(resolved?.summary.invalidReason).toBeNull();
  });

  it('takes a reference from the first file', async () => {
    const contexts = await writeKubeconfig('contexts', {
      users: [['u', { username: 'admin' }]],
      contexts: [['x', 'c', 'u']],
    });
    const early = await writeKubeconfig('early', { clusters: [['c', 'https://127.0.0.1:1']] });
    const late = await writeKubeconfig('late', { clusters: [['c', 'https://127.0.0.1:2']] });

    const registry = await loaded(added(contexts, early, late));

    expect(registry.summary(contextId(contexts, 'x'))?.server).toBe('https://127.0.0.1:1');
  });

  it('ignores a dangling current-context', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      users: [['u', { username: 'admin' }]],
      contexts: [['x', 'c', 'u']],
      currentContext: 'gone',
    });

    const list = (await loaded(added(file))).list(null);

    expect(list.activeId).toBeNull();
    expect(list.sources[0]?.error).toBeNull();
    expect(list.contexts).toHaveLength(1);
    expect(list.contexts[0]?.invalidReason).toBeNull();
  });

  it('never activates current-context', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      users: [['u', { username: 'admin' }]],
      contexts: [['x', 'c', 'u']],
      currentContext: 'x',
    });

    const list = (await loaded(added(file))).list(null);

    expect(list.activeId).toBeNull();
  });

  it.each([
    ['slash', 'team/prod'],
    ['colon', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod'],
    ['at', 'admin@cluster'],
    ['plus', 'a+b'],
    ['all four', 'kubeflow-admin@team/prod:8443+eu'],
  ])('finds a name with %s', async (_label, name) => {
    const file = await writeSingle('config', name);
    const registry = await loaded(added(file));

    const id = registry.findId(file, name);

    expect(id).toBe(contextId(file, name));
    expect(describeContextId(id ?? '')).toBe(`${name} (${file})`);
    expect(registry.summary(id ?? '')?.ref).toEqual({ source: file, name });
    expect(registry.resolve(id ?? '')?.context.name).toBe(name);
    expect(registry.list(id ?? null).activeId).toBe(id);
  });

  it('findId misses another source', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const registry = await loaded(added(file));

    expect(registry.findId(path.join(folder, 'other'), 'kind-kind')).toBeUndefined();
  });

  it('drops an unknown active id', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const registry = await loaded(added(file));

    expect(registry.list(contextId(file, 'gone')).activeId).toBeNull();
  });

  it('keeps an invalid active id', async () => {
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      contexts: [['x', 'c', 'ghost']],
    });
    const registry = await loaded(added(file));
    const id = contextId(file, 'x');

    expect(registry.list(id).activeId).toBe(id);
  });

  it('replaces everything on reload', async () => {
    const first = await writeSingle('first', 'one');
    const second = await writeSingle('second', 'two');
    const registry = await loaded(added(first));

    await registry.load(added(second));

    expect(registry.list(null).contexts.map((context) => context.ref.name)).toEqual(['two']);
    expect(registry.list(null).sources.map((source) => source.path)).toEqual([second]);
    expect(registry.resolve(contextId(first, 'one'))).toBeUndefined();
  });

  it('sees a changed file on reload', async () => {
    const file = await writeSingle('config', 'one');
    const registry = await loaded(added(file));

    await writeSingle('config', 'two');
    await registry.load(added(file));

    expect(registry.findId(file, 'one')).toBeUndefined();
    expect(registry.findId(file, 'two')).toBe(contextId(file, 'two'));
  });

  it('keeps credentials out of the list', async () => {
    const token = randomBytes(16).toString('hex');
    const file = await writeKubeconfig('config', {
      clusters: [['c', 'https://127.0.0.1:1']],
      users: [['u', { token }]],
      contexts: [['x', 'c', 'u']],
    });

    const registry = await loaded(added(file));

    expect(JSON.stringify(registry.list(null))).not.toContain(token);
    expect(registry.resolve(contextId(file, 'x'))?.user.raw.token).toBe(token);
  });
});

/** Runs an action that must raise an AppError and returns it. */
async function appError(action: () => unknown): Promise<AppError> {
  const error = await Promise.resolve()
    .then(action)
    .then(
      () => null,
      (caught: unknown) => caught,
    );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('ContextRegistry folders', () => {
  it('reads every file in a folder', async () => {
    await writeSingle('configs/b.yaml', 'two');
    await writeSingle('configs/a.yaml', 'one');
    const configs = path.join(folder, 'configs');

    const list = (await loaded([{ path: configs, origin: 'folder' }])).list(null);

    expect(list.sources.map((source) => source.path)).toEqual([
      path.join(configs, 'a.yaml'),
      path.join(configs, 'b.yaml'),
    ]);
    expect(list.sources.map((source) => source.folder)).toEqual([configs, configs]);
    expect(list.sources.map((source) => source.origin)).toEqual(['folder', 'folder']);
    expect(list.sources.map((source) => source.removable)).toEqual([true, true]);
    expect(list.contexts.map((context) => context.ref.name)).toEqual(['one', 'two']);
  });

  it('skips hidden files and backups', async () => {
    await writeSingle('configs/config', 'kept');
    for (const name of ['.hidden', 'config~', '.config.swp', '#config#', 'config.bak']) {
      await writeSingle(path.join('configs', name), 'skipped');
    }
    const configs = path.join(folder, 'configs');

    const list = (await loaded([{ path: configs, origin: 'folder' }])).list(null);

    expect(list.sources.map((source) => path.basename(source.path))).toEqual(['config']);
    expect(list.contexts.map((context) => context.ref.name)).toEqual(['kept']);
  });

  it('skips subfolders', async () => {
    await writeSingle('configs/config', 'kept');
    await writeSingle('configs/nested/config', 'nested');

    const list = (await loaded([{ path: path.join(folder, 'configs'), origin: 'folder' }])).list(
      null,
    );

    expect(list.contexts.map((context) => context.ref.name)).toEqual(['kept']);
  });

  it('follows a link to a file', async () => {
    const target = await writeSingle('real/config', 'linked');
    await mkdir(path.join(folder, 'configs'));
    await symlink(target, path.join(folder, 'configs', 'config'));

    const list = (await loaded([{ path: path.join(folder, 'configs'), origin: 'folder' }])).list(
      null,
    );

    expect(list.contexts.map((context) => context.ref.name)).toEqual(['linked']);
  });

  it('lists an empty folder', async () => {
    const configs = path.join(folder, 'configs');
    await mkdir(configs);

    const list = (await loaded([{ path: configs, origin: 'folder' }])).list(null);

    expect(list.sources).toEqual([
      {
        path: configs,
        origin: 'folder',
        folder: configs,
        removable: true,
        error: null,
        errorText: null,
        contextCount: 0,
      },
    ]);
  });

  it('lists a missing folder with its error', async () => {
    const configs = path.join(folder, 'gone');

    const list = (await loaded([{ path: configs, origin: 'folder' }])).list(null);

    expect(list.sources[0]?.path).toBe(configs);
    expect(list.sources[0]?.error).toBe(`${configs} does not exist`);
  });

  it('reads a file reached twice once', async () => {
    const file = await writeSingle('configs/config', 'kind-kind');

    const list = (
      await loaded([
        { path: file, origin: 'env' },
        { path: path.join(folder, 'configs'), origin: 'folder' },
      ])
    ).list(null);

    expect(list.sources).toHaveLength(1);
    expect(list.sources[0]?.origin).toBe('env');
    expect(list.contexts).toHaveLength(1);
  });

  it('turns added sources into specs', () => {
    const specs = addedSpecs([
      { path: '/a', kind: 'file' },
      { path: '/b', kind: 'folder' },
    ]);

    expect(specs).toEqual([
      { path: '/a', origin: 'added' },
      { path: '/b', origin: 'folder' },
    ]);
  });

  it.each([
    ['.kube-cache', true],
    ['config~', true],
    ['.config.swp', true],
    ['config.swo', true],
    ['#config#', true],
    ['config.bak', true],
    ['config.orig', true],
    ['config', false],
    ['prod.yaml', false],
    ['config.json', false],
  ])('isSkippedInFolder(%s) is %s', (name, skipped) => {
    expect(isSkippedInFolder(name)).toBe(skipped);
  });
});

describe('ContextRegistry fingerprints', () => {
  it('records size and sha256', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const content = await readFile(file);

    const registry = await loaded(added(file));

    expect(registry.fingerprint(file)).toEqual({
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  });

  it('records a file that failed to parse', async () => {
    const file = path.join(folder, 'broken');
    await writeFile(file, 'contexts: [\n');

    const registry = await loaded(added(file));

    expect(registry.fingerprint(file)).toEqual(fingerprintOf('contexts: [\n'));
  });

  it('records nothing for a missing file', async () => {
    const file = path.join(folder, 'missing');

    const registry = await loaded(added(file));

    expect(registry.fingerprint(file)).toBeUndefined();
  });

  it('fingerprints the file before merging credentials', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const content = await readFile(file);
    const token = randomBytes(16).toString('hex');
    const mergeCredentials = async (text: string) =>
      text.replace('username: admin', `token: ${token}`);

    const registry = await loaded([{ path: file, origin: 'imported', mergeCredentials }]);

    expect(registry.fingerprint(file)).toEqual(fingerprintOf(content));
    expect(registry.resolve(contextId(file, 'kind-kind'))?.user.raw.token).toBe(token);
    expect(registry.summary(contextId(file, 'kind-kind'))?.authKind).toBe('token');
  });

  it('reports failed credential merging', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const mergeCredentials = async () => {
      throw new Error('credentials of config cannot be decrypted');
    };

    const list = (await loaded([{ path: file, origin: 'imported', mergeCredentials }])).list(null);

    expect(list.sources[0]?.error).toBe('credentials of config cannot be decrypted');
    expect(list.contexts).toHaveLength(0);
  });
});

describe('ContextRegistry reload', () => {
  it('reuses an unchanged file', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const registry = await loaded(added(file));
    const before = registry.resolve(contextId(file, 'kind-kind'))?.user;

    await registry.load(added(file));

    expect(registry.resolve(contextId(file, 'kind-kind'))?.user).toBe(before);
  });

  it('sees a same-size edit', async () => {
    const file = await writeSingle('config', 'one', 'https://127.0.0.1:1');
    const registry = await loaded(added(file));

    await writeSingle('config', 'one', 'https://127.0.0.2:1');
    await registry.load(added(file));

    expect(registry.summary(contextId(file, 'one'))?.server).toBe('https://127.0.0.2:1');
  });

  it('parses merged files every time', async () => {
    const file = await writeSingle('config', 'kind-kind');
    let merges = 0;
    const mergeCredentials = async (text: string) => {
      merges += 1;
      return text;
    };
    const registry = await loaded([{ path: file, origin: 'imported', mergeCredentials }]);

    await registry.load([{ path: file, origin: 'imported', mergeCredentials }]);

    expect(merges).toBe(2);
  });
});

describe('ContextRegistry watchTargets', () => {
  it('lists files and folders', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const configs = path.join(folder, 'configs');

    const registry = await loaded([
      { path: file, origin: 'default' },
      { path: configs, origin: 'folder' },
    ]);

    expect(registry.watchTargets()).toEqual([
      { path: file, kind: 'file' },
      { path: configs, kind: 'folder' },
    ]);
  });
});

describe('ContextRegistry checkNewSource', () => {
  it('accepts a kubeconfig file', async () => {
    const file = await writeSingle('team.yaml', 'kind-kind');
    const registry = await loaded([]);

    expect(await registry.checkNewSource(file)).toEqual({ path: file, kind: 'file' });
  });

  it('accepts a folder', async () => {
    const configs = path.join(folder, 'configs');
    await mkdir(configs);
    const registry = await loaded([]);

    expect(await registry.checkNewSource(configs)).toEqual({ path: configs, kind: 'folder' });
  });

  it('resolves a relative path', async () => {
    const file = await writeSingle('team.yaml', 'kind-kind');
    const registry = await loaded([]);

    const source = await registry.checkNewSource(path.relative(process.cwd(), file));

    expect(source.path).toBe(file);
  });

  it('rejects a missing path', async () => {
    const missing = path.join(folder, 'missing');
    const registry = await loaded([]);

    const error = await appError(() => registry.checkNewSource(missing));

    expect(error.code).toBe('sourceNotFound');
    expect(error.kind).toBe('not-found');
    expect(error.params.path).toBe(missing);
  });

  it('rejects a file already read', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const registry = await loaded([{ path: file, origin: 'default' }]);

    const error = await appError(() => registry.checkNewSource(file));

    expect(error.code).toBe('sourceExists');
    expect(error.kind).toBe('conflict');
  });

  it('rejects a file inside an added folder', async () => {
    const file = await writeSingle('configs/config', 'kind-kind');
    const registry = await loaded([{ path: path.join(folder, 'configs'), origin: 'folder' }]);

    const error = await appError(() => registry.checkNewSource(file));

    expect(error.code).toBe('sourceExists');
  });

  it('rejects an added folder again', async () => {
    const configs = path.join(folder, 'configs');
    await mkdir(configs);
    const registry = await loaded([{ path: configs, origin: 'folder' }]);

    const error = await appError(() => registry.checkNewSource(configs));

    expect(error.code).toBe('sourceExists');
  });

  it('rejects invalid YAML with the reason', async () => {
    const file = path.join(folder, 'broken');
    await writeFile(file, 'contexts: [\n  - name: x\n');
    const registry = await loaded([]);

    const error = await appError(() => registry.checkNewSource(file));

    expect(error.code).toBe('sourceInvalid');
    expect(error.kind).toBe('invalid-request');
    expect(error.params.reason).toContain(`${file} is not valid YAML`);
  });

  it('rejects a file without kubeconfig entries', async () => {
    const file = path.join(folder, 'package.json');
    await writeFile(file, JSON.stringify({ name: 'not-a-kubeconfig', version: '1.0.0' }));
    const registry = await loaded([]);

    const error = await appError(() => registry.checkNewSource(file));

    expect(error.code).toBe('sourceInvalid');
    expect(error.params.reason).toBe(`${file} defines no contexts, clusters or users`);
  });

  it('rejects a duplicate name', async () => {
    const file = path.join(folder, 'twice');
    await writeFile(
      file,
      stringify({
        contexts: [
          { name: 'x', context: {} },
          { name: 'x', context: {} },
        ],
      }),
    );
    const registry = await loaded([]);

    const error = await appError(() => registry.checkNewSource(file));

    expect(error.code).toBe('sourceInvalid');
    expect(error.params.reason).toContain('twice');
  });
});

describe('ContextRegistry removalTarget', () => {
  it('removes an added file', async () => {
    const file = await writeSingle('config', 'kind-kind');
    const registry = await loaded(added(file));

    expect(registry.removalTarget(file)).toEqual({ origin: 'added', path: file });
  });

  it('removes the folder of a file in it', async () => {
    const file = await writeSingle('configs/config', 'kind-kind');
    const configs = path.join(folder, 'configs');
    const registry = await loaded([{ path: configs, origin: 'folder' }]);

    expect(registry.removalTarget(file)).toEqual({ origin: 'folder', path: configs });
  });

  it('removes a folder by its path', async () => {
    await writeSingle('configs/config', 'kind-kind');
    const configs = path.join(folder, 'configs');
    const registry = await loaded([{ path: configs, origin: 'folder' }]);

    expect(registry.removalTarget(configs)).toEqual({ origin: 'folder', path: configs });
  });

  it('removes an imported file', async () => {
    const file = await writeSingle('imported.yaml', 'kind-kind');
    const registry = await loaded([{ path: file, origin: 'imported' }]);

    expect(registry.removalTarget(file)).toEqual({ origin: 'imported', path: file });
  });

  it.each(['default', 'env', 'sandbox'] as const)('keeps a %s source', async (origin) => {
    const file = await writeSingle('config', 'kind-kind');
    const registry = await loaded([{ path: file, origin }]);

    const error = await appError(() => registry.removalTarget(file));

    expect(error.code).toBe('sourceNotRemovable');
    expect(error.params.origin).toBe(origin);
    expect(error.params.path).toBe(file);
  });

  it('rejects an unknown path', async () => {
    const registry = await loaded([]);

    const error = await appError(() => registry.removalTarget(path.join(folder, 'other')));

    expect(error.code).toBe('sourceNotFound');
  });

  it('gives a missing file a localized reason', async () => {
    const missing = path.join(folder, 'missing-config');

    const registry = await loaded(added(missing));
    const source = registry.list(null).sources[0];

    expect(source?.error).toBe(`${missing} does not exist`);
    expect(source?.errorText).toEqual({ code: 'sourceMissing', params: { path: missing } });
  });
});
