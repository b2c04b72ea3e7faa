import http from 'node:http';
import https from 'node:https';

import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

import {
  formatRef,
  groupOf,
  refKey,
  refOf,
  versionOf,
  type KubeObject,
  type ObjectRef,
} from './object-ref';
import { defaultTimeoutMs } from '../kube/client';
import { prepareHttp, type PreparedHttp } from '../kube/http-options';
import { classifyKubeError, type CallTarget } from '../kube/kube-errors';

/** A manifest file as read from disk or from a release bundle. */
export interface ManifestSource {
  file: string;
  text: string;
}

/** One object of a manifest, with where it came from. */
export interface ParsedObject {
  object: KubeObject;
  ref: ObjectRef;
  file: string;
  /** Index of the YAML document in its file, counting from 0 and including empty documents. */
  index: number;
  /** Line (from 1) where the object starts, or null when unknown. */
  line: number | null;
}

export type ManifestProblemCode =
  | 'yaml-syntax'
  | 'not-an-object'
  | 'missing-api-version'
  | 'missing-kind'
  | 'missing-name'
  | 'invalid-namespace'
  | 'duplicate'
  | 'unknown-kind'
  | 'unserved-version'
  | 'missing-namespace'
  | 'unknown-namespace';

/** A manifest problem found before anything is applied. */
export interface ManifestProblem {
  file: string;
  /** Index of the YAML document in its file, counting from 0. */
  document: number;
  /** Line (from 1), or null when unknown. */
  line: number | null;
  code: ManifestProblemCode;
  message: string;
}

export interface ParseResult {
  objects: ParsedObject[];
  problems: ManifestProblem[];
}

/**
 * Parses multi-document YAML manifests into objects. Empty documents are
 * skipped, and `kind: List` (or any `*List` kind with an `items` array) is
 * expanded into its items. Reports syntax errors with their line, documents
 * without apiVersion, kind or metadata.name, and objects defined twice (same
 * group, kind, namespace and name). A document with a problem yields no
 * object, and the other documents are still parsed.
 *
 * YAML 1.1 is used because kubectl decodes manifests with go-yaml, which
 * reads `yes`/`no`/`on`/`off` as booleans.
 */
export function parseManifests(sources: ManifestSource[]): ParseResult {
  const objects: ParsedObject[] = [];
  const problems: ManifestProblem[] = [];

  for (const source of sources) {
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(source.text, {
      lineCounter,
      version: '1.1',
      uniqueKeys: true,
    });
    const documents = Array.isArray(parsed) ? parsed : [];
    const lineAt = (offset: number) => lineCounter.linePos(offset).line || 1;

    documents.forEach((document, index) => {
      const at = { file: source.file, document: index };
      const found = readDocument(document, lineAt);
      if ('problem' in found) {
        problems.push({ ...at, ...found.problem });
        return;
      }
      for (const item of found.items) {
        const checked = checkObject(item.value, source.file, item.line);
        if ('problem' in checked) {
          problems.push({ ...at, line: item.line, ...checked.problem });
          continue;
        }
        objects.push({
          object: checked.object,
          ref: refOf(checked.object),
          file: source.file,
          index,
          line: item.line,
        });
      }
    });
  }

  problems.push(...findDuplicates(objects, (parsed) => parsed.ref));
  return { objects: withoutDuplicates(objects), problems };
}

interface DocumentItem {
  value: unknown;
  line: number | null;
}

type DocumentReading =
  | { items: DocumentItem[] }
  | { problem: { line: number | null; code: ManifestProblemCode; message: string } };

/** Converts one YAML document to plain values, expanding a List into its items. */
function readDocument(
  document: Document.Parsed,
  lineAt: (offset: number) => number,
): DocumentReading {
  const firstError = document.errors[0];
  if (firstError) {
    const line = lineAt(firstError.pos[0]);
    return {
      problem: {
        line,
        code: 'yaml-syntax',
        message: `Invalid YAML at line ${line}: ${firstError.message.split('\n')[0]} Fix the syntax.`,
      },
    };
  }
  if (document.contents === null) return { items: [] };

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const line = lineAt(document.contents.range[0]);
    return {
      problem: {
        line,
        code: 'yaml-syntax',
        message: `Invalid YAML at line ${line}: ${(error as Error).message}`,
      },
    };
  }
  if (value === null || value === undefined) return { items: [] };

  return { items: expandLists(value, document.contents, lineAt) };
}

function expandLists(
  value: unknown,
  node: Node | null,
  lineAt: (offset: number) => number,
): DocumentItem[] {
  const line = node?.range ? lineAt(node.range[0]) : null;
  if (!isListObject(value)) return [{ value, line }];

  const itemNodes = isMap(node) ? node.get('items', true) : undefined;
  return value.items.flatMap((item, position) => {
    const itemNode = isSeq(itemNodes) ? (itemNodes.items[position] as Node | undefined) : undefined;
    return expandLists(item, itemNode ?? null, lineAt);
  });
}

function isListObject(value: unknown): value is { kind: string; items: unknown[] } {
  if (!isPlainObject(value)) return false;
  return (
    typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type ObjectCheck =
  { object: KubeObject } | { problem: { code: ManifestProblemCode; message: string } };

function checkObject(value: unknown, file: string, line: number | null): ObjectCheck {
  const where = line === null ? file : `${file} line ${line}`;
  if (!isPlainObject(value)) {
    return {
      problem: {
        code: 'not-an-object',
        message: `The document at ${where} is not a Kubernetes object (a YAML mapping). Remove it or fix its indentation.`,
      },
    };
  }

  const kind = typeof value.kind === 'string' && value.kind !== '' ? value.kind : null;
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : null;
  const label = `${kind ?? 'The object'}${name ? ` ${name}` : ''} at ${where}`;

  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    return {
      problem: {
        code: 'missing-api-version',
        message: `${label} has no apiVersion. Add apiVersion (for example apps/v1).`,
      },
    };
  }
  if (kind === null) {
    return {
      problem: {
        code: 'missing-kind',
        message: `${label} has no kind. Add kind (for example Deployment).`,
      },
    };
  }
  if (name === null) {
    const hint =
      typeof metadata.generateName === 'string'
        ? ' Server-side apply needs a fixed name, so replace generateName with name.'
        : '';
    return {
      problem: {
        code: 'missing-name',
        message: `${label} has no metadata.name. Add metadata.name.${hint}`,
      },
    };
  }
  if (
    metadata.namespace !== undefined &&
    (typeof metadata.namespace !== 'string' || metadata.namespace === '')
  ) {
    return {
      problem: {
        code: 'invalid-namespace',
        message: `${label} has an invalid metadata.namespace ${JSON.stringify(metadata.namespace)}. Set it to a namespace name or remove it.`,
      },
    };
  }

  return { object: { ...value, metadata: { ...metadata, name } } as KubeObject };
}

function describeLocation(parsed: ParsedObject): string {
  return parsed.line === null ? parsed.file : `${parsed.file} line ${parsed.line}`;
}

/** Reports every object whose key (by `refFor`) was already taken by an earlier object. */
function findDuplicates(
  objects: ParsedObject[],
  refFor: (parsed: ParsedObject) => ObjectRef,
): ManifestProblem[] {
  const first = new Map<string, ParsedObject>();
  const problems: ManifestProblem[] = [];
  for (const parsed of objects) {
    const ref = refFor(parsed);
    const key = refKey(ref);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, parsed);
      continue;
    }
    problems.push({
      file: parsed.file,
      document: parsed.index,
      line: parsed.line,
      code: 'duplicate',
      message: `${formatRef(ref)} is defined twice: at ${describeLocation(earlier)} and at ${describeLocation(parsed)}. Remove one of them.`,
    });
  }
  return problems;
}

/** Keeps the first object of each key, so a duplicate is reported once and applied once. */
function withoutDuplicates(objects: ParsedObject[]): ParsedObject[] {
  const seen = new Set<string>();
  return objects.filter((parsed) => {
    const key = refKey(parsed.ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A served resource type, from cluster discovery or from a CRD of the bundle. */
export interface ResourceType extends ServedResource {
  /** Origin of the type: the cluster's discovery or a CRD in the bundle. */
  source: 'cluster' | 'bundle';
}

const crdApiVersion = 'apiextensions.k8s.io/v1';

/** True for a CustomResourceDefinition of apiextensions.k8s.io/v1. */
export function isCrd(object: KubeObject): boolean {
  return object.kind === 'CustomResourceDefinition' && object.apiVersion === crdApiVersion;
}

/** Returns the resource types a CRD defines, one per served version. */
export function resourceTypesOfCrd(crd: KubeObject): ServedResource[] {
  const spec = isPlainObject(crd.spec) ? crd.spec : {};
  const names = isPlainObject(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (
    typeof spec.group !== 'string' ||
    typeof names.kind !== 'string' ||
    typeof names.plural !== 'string'
  ) {
    return [];
  }

  const served = versions.filter(
    (version): version is { name: string; served?: boolean } =>
      isPlainObject(version) && typeof version.name === 'string' && version.served !== false,
  );
  return served.map((version) => ({
    group: spec.group as string,
    version: version.name,
    kind: names.kind as string,
    resource: names.plural as string,
    namespaced: spec.scope !== 'Cluster',
  }));
}

/** Lookup of resource types by apiVersion and kind, from discovery plus the bundle's CRDs. */
export class ResourceIndex {
  private readonly byGroupVersionKind = new Map<string, ResourceType>();
  private readonly versionsByGroupKind = new Map<string, Set<string>>();

  constructor(discovery: Pick<ClusterDiscovery, 'resources'>, bundle: KubeObject[] = []) {
    for (const served of discovery.resources) this.add({ ...served, source: 'cluster' });
    for (const crd of bundle.filter(isCrd)) {
      for (const served of resourceTypesOfCrd(crd)) this.add({ ...served, source: 'bundle' });
    }
  }

  private add(type: ResourceType): void {
    const key = `${type.group}/${type.version}/${type.kind}`;
    // Discovery wins over the bundle, because it reflects the CRD actually installed.
    if (this.byGroupVersionKind.get(key)?.source === 'cluster') return;
    this.byGroupVersionKind.set(key, type);

    const groupKind = `${type.group}/${type.kind}`;
    const versions = this.versionsByGroupKind.get(groupKind) ?? new Set<string>();
    versions.add(type.version);
    this.versionsByGroupKind.set(groupKind, versions);
  }

  find(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byGroupVersionKind.get(`${groupOf(apiVersion)}/${versionOf(apiVersion)}/${kind}`);
  }

  /** Returns the versions in which the group serves the kind, sorted. */
  versionsOf(group: string, kind: string): string[] {
    return [...(this.versionsByGroupKind.get(`${group}/${kind}`) ?? [])].sort();
  }
}

export interface ValidateOptions {
  /**
   * Namespace given to a namespaced object without one, as kubectl does with
   * the context's namespace. Left unset, such an object is a problem.
   */
  defaultNamespace?: string;
}

/**
 * Checks parsed objects against what the cluster serves. Every kind must be
 * served by the cluster or defined by a CRD in the bundle. A namespaced
 * object needs a namespace, and gets the default one only when the caller
 * passes it. That namespace must exist or be created by the bundle. The
 * namespace of a cluster-scoped object is dropped, as the API server ignores
 * it too. Returns the objects without problems, with namespaces settled.
 */
export function validateAgainstCluster(
  parsed: ParsedObject[],
  discovery: ClusterDiscovery,
  options: ValidateOptions = {},
): ParseResult {
  const index = new ResourceIndex(
    discovery,
    parsed.map((entry) => entry.object),
  );
  const bundleNamespaces = new Set(
    parsed
      .filter((entry) => entry.ref.kind === 'Namespace' && entry.ref.apiVersion === 'v1')
      .map((entry) => entry.ref.name),
  );
  const clusterNamespaces = discovery.namespaces === null ? null : new Set(discovery.namespaces);

  const objects: ParsedObject[] = [];
  const problems: ManifestProblem[] = [];
  for (const entry of parsed) {
    const problem = (code: ManifestProblemCode, message: string) =>
      problems.push({ file: entry.file, document: entry.index, line: entry.line, code, message });
    const { ref } = entry;
    const where = describeLocation(entry);
    const type = index.find(ref.apiVersion, ref.kind);

    if (!type) {
      const versions = index.versionsOf(groupOf(ref.apiVersion), ref.kind);
      if (versions.length > 0) {
        problem(
          'unserved-version',
          `${formatRef(ref)} at ${where} uses ${ref.apiVersion}, which the cluster does not serve for ${ref.kind}. Change apiVersion to one of: ${versions.map((version) => `${groupOf(ref.apiVersion) ? `${groupOf(ref.apiVersion)}/` : ''}${version}`).join(', ')}.`,
        );
      } else {
        problem(
          'unknown-kind',
          `${formatRef(ref)} at ${where} has kind ${ref.kind} (${ref.apiVersion}), which neither the cluster serves nor a CustomResourceDefinition in the bundle defines. Add the CRD to the bundle or install it on the cluster first.`,
        );
      }
      continue;
    }

    if (!type.namespaced) {
      const object = { ...entry.object, metadata: { ...entry.object.metadata } };
      delete object.metadata.namespace;
      objects.push({ ...entry, object, ref: { ...ref, namespace: null } });
      continue;
    }

    let namespace = ref.namespace;
    if (namespace === null) {
      if (options.defaultNamespace === undefined) {
        problem(
          'missing-namespace',
          `${formatRef(ref)} at ${where} is a namespaced ${ref.kind} without metadata.namespace. Set metadata.namespace.`,
        );
        continue;
      }
      namespace = options.defaultNamespace;
    }

    const namespaceKnown =
      bundleNamespaces.has(namespace) ||
      clusterNamespaces === null ||
      clusterNamespaces.has(namespace);
    if (!namespaceKnown) {
      problem(
        'unknown-namespace',
        `${ref.kind} ${namespace}/${ref.name} at ${where} is in namespace ${namespace}, which neither exists on the cluster nor is created by the bundle. Add a Namespace ${namespace} to the bundle or create it first.`,
      );
      continue;
    }

    const object = { ...entry.object, metadata: { ...entry.object.metadata, namespace } };
    objects.push({ ...entry, object, ref: { ...ref, namespace } });
  }

  // Defaulting a namespace can make two objects collide that differed as written.
  problems.push(...findDuplicates(objects, (entry) => entry.ref));
  return { objects: withoutDuplicates(objects), problems };
}

/** A resource type the cluster serves, from API discovery. */
export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in request paths, such as `deployments`. */
  resource: string;
  namespaced: boolean;
}

/** Discovery result: the resource types the cluster serves and its namespaces. */
export interface ClusterDiscovery {
  resources: ServedResource[];
  /** Namespace names, or null when the user may not list namespaces. */
  namespaces: string[] | null;
  /** Group versions whose discovery failed (an unavailable APIService, for example). */
  failedGroupVersions: string[];
}

/** A response read in full. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  body?: string;
  contentType?: string;
  accept?: string;
  /** Per-call timeout in milliseconds; the requester's default when unset. */
  timeoutMs?: number;
}

/**
 * Sends raw requests with the credentials and TLS settings of a client
 * configuration. The typed clients of @kubernetes/client-node 1.4 serialize
 * bodies through their models and map responses to classes, which changes
 * custom resources and drops the Retry-After header, so server-side apply and
 * discovery use this instead. One keep-alive agent serves all calls of an
 * instance.
 */
export class KubeRequester {
  private prepared: Promise<PreparedHttp> | undefined;

  constructor(
    private readonly config: KubeConfig,
    private readonly timeoutMs = defaultTimeoutMs,
    private readonly maxSockets = 16,
  ) {}

  private prepare() {
    // NOTE: credentials are read once per requester. A token that expires during
    // one long run is not refreshed until a new requester is made.
    this.prepared ??= prepareHttp(this.config, { maxSockets: this.maxSockets });
    return this.prepared;
  }

  /** Sends a request and returns the response with any status. Throws on network failure or timeout. */
  async request(method: string, path: string, request: RequestOptions = {}): Promise<RawResponse> {
    const { base, options, secure } = await this.prepare();
    const headers: http.OutgoingHttpHeaders = {
      ...(options.headers as http.OutgoingHttpHeaders),
      Accept: request.accept ?? 'application/json',
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(request.body);
    }
    const send = secure ? https.request : http.request;
    const signal = AbortSignal.timeout(request.timeoutMs ?? this.timeoutMs);

    return new Promise<RawResponse>((resolve, reject) => {
      const outgoing = send(
        `${base}${path}`,
        { ...options, method, headers, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  /** Sends a request and parses the JSON body. Throws an ApiException for a status of 400 or more. */
  async json<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, request);
    if (response.status >= 400) {
      throw new ApiException(
        response.status,
        `${method} ${path} failed`,
        response.body,
        flattenHeaders(response.headers),
      );
    }
    return JSON.parse(response.body) as T;
  }

  /** Closes the idle connections of the agent. */
  close(): void {
    void this.prepared?.then(({ options }) =>
      (options.agent as http.Agent | undefined)?.destroy?.(),
    );
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const aggregatedAccept = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

interface AggregatedDiscovery {
  kind: 'APIGroupDiscoveryList';
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      resources?: {
        resource: string;
        scope: 'Namespaced' | 'Cluster';
        responseKind?: { kind?: string };
      }[];
    }[];
  }[];
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

export interface DiscoverOptions {
  target: CallTarget;
  timeoutMs?: number;
  /** Requester to reuse, so its connections serve the calls that follow. */
  requester?: KubeRequester;
}

/**
 * Reads which resource types the cluster serves and which namespaces exist.
 * Uses aggregated discovery (apidiscovery.k8s.io v2, Kubernetes 1.30 and
 * later) and falls back to one request per group version on older servers.
 * A user who may not list namespaces gets `namespaces: null`.
 *
 * Throws an AppError classified by classifyKubeError.
 */
export async function discoverCluster(
  config: KubeConfig,
  options: DiscoverOptions,
): Promise<ClusterDiscovery> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const requester = options.requester ?? new KubeRequester(config, timeoutMs);
  const classify = (error: unknown, resource: string) =>
    classifyKubeError(error, { ...options.target, resource }, timeoutMs);

  const resources: ServedResource[] = [];
  const failedGroupVersions: string[] = [];
  for (const root of ['/api', '/apis']) {
    let answer:
      | AggregatedDiscovery
      | { kind?: string; versions?: string[]; groups?: { versions: { groupVersion: string }[] }[] };
    try {
      answer = await requester.json('GET', root, { accept: aggregatedAccept });
    } catch (error) {
      throw classify(error, root);
    }

    if (answer.kind === 'APIGroupDiscoveryList') {
      resources.push(...fromAggregated(answer as AggregatedDiscovery));
      continue;
    }
    // NOTE: this per-group-version fallback for servers before Kubernetes 1.30 is
    // not exercised by the tests, because the sandbox serves aggregated discovery.
    const legacy = answer as {
      versions?: string[];
      groups?: { versions: { groupVersion: string }[] }[];
    };
    const groupVersions =
      root === '/api'
        ? (legacy.versions ?? []).map((version) => `/api/${version}`)
        : (legacy.groups ?? []).flatMap((group) =>
            group.versions.map((version) => `/apis/${version.groupVersion}`),
          );
    for (const path of groupVersions) {
      try {
        const list = await requester.json<ApiResourceList>('GET', path);
        resources.push(...fromResourceList(path, list));
      } catch (error) {
        const classified = classify(error, path);
        if (classified.kind !== 'server-error' && classified.kind !== 'not-found') throw classified;
        failedGroupVersions.push(path.replace(/^\/apis?\//, ''));
      }
    }
  }

  let namespaces: string[] | null = null;
  try {
    const list = await requester.json<{ items?: { metadata?: { name?: string } }[] }>(
      'GET',
      '/api/v1/namespaces',
    );
    namespaces = (list.items ?? [])
      .map((item) => item.metadata?.name ?? '')
      .filter((name) => name !== '');
  } catch (error) {
    const classified = classify(error, 'namespaces');
    if (classified.kind !== 'forbidden') throw classified;
  }

  if (!options.requester) requester.close();
  return { resources, namespaces, failedGroupVersions };
}

function fromAggregated(list: AggregatedDiscovery): ServedResource[] {
  return (list.items ?? []).flatMap((group) =>
    (group.versions ?? []).flatMap((version) =>
      (version.resources ?? [])
        .filter((resource) => resource.responseKind?.kind)
        .map((resource) => ({
          group: group.metadata?.name ?? '',
          version: version.version,
          kind: resource.responseKind?.kind ?? '',
          resource: resource.resource,
          namespaced: resource.scope === 'Namespaced',
        })),
    ),
  );
}

function fromResourceList(path: string, list: ApiResourceList): ServedResource[] {
  const groupVersion = path.replace(/^\/apis?\//, '');
  return (list.resources ?? [])
    .filter((resource) => !resource.name.includes('/'))
    .map((resource) => ({
      group: groupOf(groupVersion),
      version: versionOf(groupVersion),
      kind: resource.kind,
      resource: resource.name,
      namespaced: resource.namespaced,
    }));
}
