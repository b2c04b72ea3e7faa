import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  VersionApi,
  type KubeConfig,
  type V1ResourceAttributes,
} from '@kubernetes/client-node';

import type { Capabilities, CheckStatus, ConnectionCheck, Identity } from '../../shared/contract';
import { AppError, type ErrorKind } from '../../shared/errors';
import { callWithReauth, defaultTimeoutMs, withTimeout, type ClientDeps } from './client';
import type { ResolvedContext } from './context-registry';
import { classifyKubeError, type CallTarget } from './kube-errors';
import { validateEntry } from './validate-entry';

/** The status a check reports for each error kind; kinds not listed become server-error. */
const statusOfKind: Partial<Record<ErrorKind, CheckStatus>> = {
  unreachable: 'unreachable',
  tls: 'tls',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  'exec-failed': 'exec-failed',
  timeout: 'timeout',
  'server-error': 'server-error',
  'invalid-request': 'invalid',
};

/** The SelfSubjectAccessReviews behind each capability; a capability holds when all of its reviews allow. */
const capabilityReviews: Record<keyof Capabilities, V1ResourceAttributes[]> = {
  createCustomResourceDefinitions: [
    { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', verb: 'create' },
  ],
  createNamespaces: [{ group: '', resource: 'namespaces', verb: 'create' }],
  listNamespaces: [{ group: '', resource: 'namespaces', verb: 'list' }],
  manageRbac: [
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', verb: 'create' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'create' },
  ],
};

/**
 * Checks a context against its cluster: server version and the round-trip
 * time of GET /version, the kube-system namespace UID, the authenticated
 * identity and what that identity may do. Every request is bounded by
 * `timeoutMs`; an exec plugin keeps its own timeout. It never throws: the
 * first failing step sets `status` and `error`, and what the earlier steps
 * learned is kept.
 */
export async function checkConnection(
  resolved: ResolvedContext,
  deps: ClientDeps,
  timeoutMs = defaultTimeoutMs,
): Promise<ConnectionCheck> {
  const result: ConnectionCheck = {
    contextId: resolved.summary.id,
    status: 'ok',
    serverVersion: null,
    clusterUid: null,
    latencyMs: null,
    identity: null,
    capabilities: null,
    error: null,
    checkedAt: new Date().toISOString(),
  };

  const problem = validateEntry(resolved.cluster, resolved.user);
  if (problem) {
    const context = resolved.context.name;
    return fail(
      result,
      new AppError(
        'invalid-request',
        'contextInvalid',
        `Context ${context} cannot be used: ${problem}`,
        {
          context,
          reason: problem,
        },
      ),
    );
  }

  const target: CallTarget = { server: resolved.cluster.server ?? '', user: resolved.context.user };
  try {
    await callWithReauth(resolved, deps, (config) =>
      runSteps(config, new Steps(target, timeoutMs), result),
    );
  } catch (error) {
    const appError =
      error instanceof AppError ? error : classifyKubeError(error, target, timeoutMs);
    return fail(result, appError);
  }
  result.checkedAt = new Date().toISOString();
  return result;
}

function fail(result: ConnectionCheck, error: AppError): ConnectionCheck {
  result.status = statusOfKind[error.kind] ?? 'server-error';
  result.error = error.toShape();
  result.checkedAt = new Date().toISOString();
  return result;
}

/** Runs the steps in order, writing into `result` as each one succeeds. */
async function runSteps(config: KubeConfig, steps: Steps, result: ConnectionCheck): Promise<void> {
  const started = performance.now();
  const version = await steps.call('/version', () =>
    config.makeApiClient(VersionApi).getCode(steps.options()),
  );
  result.latencyMs = Math.round((performance.now() - started) * 10) / 10;
  result.serverVersion = version.gitVersion;

  result.clusterUid = await steps.tolerate(['forbidden'], 'namespace kube-system', async () => {
    const namespace = await config
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: 'kube-system' }, steps.options());
    return namespace.metadata?.uid ?? null;
  });

  result.identity = await readIdentity(config, steps);
  result.capabilities = await readCapabilities(config, steps);
}

/**
 * Reads the authenticated identity with a SelfSubjectReview, which is GA in
 * authentication.k8s.io/v1 since Kubernetes 1.28. An older server returns 404,
 * so the identity stays null, as it does when a policy forbids the review.
 */
async function readIdentity(config: KubeConfig, steps: Steps): Promise<Identity | null> {
  return steps.tolerate(['not-found', 'forbidden'], 'selfsubjectreviews', async () => {
    const review = await config.makeApiClient(AuthenticationV1Api).createSelfSubjectReview(
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        },
      },
      steps.options(),
    );
    const userInfo = review.status?.userInfo;
    if (!userInfo?.username) return null;
    return { username: userInfo.username, groups: userInfo.groups ?? [] };
  });
}

/** Runs every SelfSubjectAccessReview at once; a review the server forbids leaves its capability null. */
async function readCapabilities(config: KubeConfig, steps: Steps): Promise<Capabilities> {
  const api = config.makeApiClient(AuthorizationV1Api);
  const review = (attributes: V1ResourceAttributes) =>
    steps.tolerate(
      ['forbidden'],
      `selfsubjectaccessreview (${attributes.verb} ${attributes.resource})`,
      async () => {
        const response = await api.createSelfSubjectAccessReview(
          {
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: { resourceAttributes: attributes },
            },
          },
          steps.options(),
        );
        return response.status?.allowed === true;
      },
    );

  const names = Object.keys(capabilityReviews) as (keyof Capabilities)[];
  const results = await Promise.all(
    names.map(async (name) => allOf(await Promise.all(capabilityReviews[name].map(review)))),
  );
  return Object.fromEntries(names.map((name, index) => [name, results[index]])) as Capabilities;
}

/** Combines review results: false when any is false, otherwise null when any is unknown, otherwise true. */
function allOf(results: (boolean | null)[]): boolean | null {
  if (results.includes(false)) return false;
  if (results.includes(null)) return null;
  return true;
}

/** Request options and error classification shared by the steps of one check. */
class Steps {
  constructor(
    private readonly target: CallTarget,
    private readonly timeoutMs: number,
  ) {}

  options() {
    return withTimeout(this.timeoutMs);
  }

  /** Runs one request and throws its error classified, with `resource` named. */
  async call<T>(resource: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw classifyKubeError(error, { ...this.target, resource }, this.timeoutMs);
    }
  }

  /** Like call, but returns null for the error kinds in `tolerated`. */
  async tolerate<T>(
    tolerated: ErrorKind[],
    resource: string,
    request: () => Promise<T>,
  ): Promise<T | null> {
    try {
      return await this.call(resource, request);
    } catch (error) {
      if (error instanceof AppError && tolerated.includes(error.kind)) return null;
      throw error;
    }
  }
}
