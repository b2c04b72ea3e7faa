import {
  ApiextensionsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type ConfigurationOptions,
  type KubeConfig,
} from '@kubernetes/client-node';

import { AppError } from '../../shared/errors';
import { defaultTimeoutMs, withTimeout } from '../kube/client';
import { classifyKubeError } from '../kube/kube-errors';

export const fieldManager = 'kubeflow-desktop';

/** Group, version and plural of the objects access management reads and writes. */
export const profileResource = { group: 'kubeflow.org', version: 'v1', plural: 'profiles' };
export const authorizationPolicyResource = {
  group: 'security.istio.io',
  version: 'v1beta1',
  plural: 'authorizationpolicies',
};

/** One question for SelfSubjectAccessReview or SubjectAccessReview. */
export interface AccessQuestion {
  group: string;
  resource: string;
  verb: string;
  namespace?: string;
  name?: string;
}

/**
 * The API clients of one context, with every call bounded by a timeout and
 * its failure classified into an AppError that names the object.
 */
export class AccessCluster {
  readonly core: CoreV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly custom: CustomObjectsApi;
  readonly extensions: ApiextensionsV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly server: string;
  readonly user: string;

  constructor(
    readonly config: KubeConfig,
    readonly timeoutMs = defaultTimeoutMs,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.rbac = config.makeApiClient(RbacAuthorizationV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.extensions = config.makeApiClient(ApiextensionsV1Api);
    this.authorization = config.makeApiClient(AuthorizationV1Api);
    this.server = config.getCurrentCluster()?.server ?? '';
    this.user = config.getCurrentUser()?.name ?? '';
  }

  get timeout(): ConfigurationOptions {
    return withTimeout(this.timeoutMs);
  }

  /** Options of a server-side apply patch. */
  get apply(): ConfigurationOptions {
    return setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply, this.timeout);
  }

  get mergePatch(): ConfigurationOptions {
    return setHeaderOptions('Content-Type', PatchStrategy.MergePatch, this.timeout);
  }

  async call<T>(resource: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw classifyKubeError(
        error,
        { server: this.server, user: this.user, resource },
        this.timeoutMs,
      );
    }
  }

  async callUnlessNotFound<T>(resource: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(resource, run);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  /** True when the CRD with this name (plural.group) is installed. */
  async hasCrd(name: string): Promise<boolean> {
    const crd = await this.callUnlessNotFound(`CustomResourceDefinition ${name}`, () =>
      this.extensions.readCustomResourceDefinition({ name }, this.timeout),
    );
    return crd !== undefined;
  }

  /** Asks whether the context's own user may do each thing, with SelfSubjectAccessReview. */
  async canI(questions: readonly AccessQuestion[]): Promise<AccessQuestion[]> {
    const answers = await Promise.all(
      questions.map((question) =>
        this.call('SelfSubjectAccessReview', () =>
          this.authorization.createSelfSubjectAccessReview(
            { body: { spec: { resourceAttributes: attributes(question) } } },
            this.timeout,
          ),
        ),
      ),
    );
    return questions.filter((_, index) => answers[index]?.status?.allowed !== true);
  }

  /** Asks whether a user may do a thing, with SubjectAccessReview. */
  async may(user: string, question: AccessQuestion): Promise<boolean> {
    const review = await this.call('SubjectAccessReview', () =>
      this.authorization.createSubjectAccessReview(
        { body: { spec: { user, resourceAttributes: attributes(question) } } },
        this.timeout,
      ),
    );
    return review.status?.allowed === true;
  }
}

function attributes(question: AccessQuestion) {
  return {
    group: question.group,
    resource: question.resource,
    verb: question.verb,
    namespace: question.namespace,
    name: question.name,
  };
}

/**
 * Throws a forbidden AppError naming every action the user lacks, so a
 * change starts only when all of its writes are allowed and a failure never
 * leaves half of it behind.
 */
export async function requireAccess(
  cluster: AccessCluster,
  action: string,
  questions: readonly AccessQuestion[],
): Promise<void> {
  const denied = await cluster.canI(questions);
  if (denied.length === 0) return;
  const missing = denied
    .map((question) => {
      const resource = question.group
        ? `${question.resource}.${question.group}`
        : question.resource;
      const where = question.namespace ? ` in namespace ${question.namespace}` : '';
      return `${question.verb} ${resource}${where}`;
    })
    .join(', ');
  throw new AppError(
    'forbidden',
    'accessForbidden',
    `User ${cluster.user} may not ${action} on ${cluster.server}: missing ${missing}. ` +
      `Ask a cluster administrator for these rights, or use a context with them.`,
    { user: cluster.user, server: cluster.server, action, missing },
  );
}
