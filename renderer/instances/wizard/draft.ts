import type { CreateRequest, PlanSource } from '../../../shared/contract/areas/instances';
import { maxOwners, type Release, type ServiceType } from '../../../shared/provision/instance';
import type { OptionsFormValue } from '../../../shared/provision/options';
import { defaultOptionsFormValue } from './options/form-value';

/** Values the wizard has collected so far. */
export interface Draft {
  contextId: string;
  release: Release;
  serviceType: ServiceType;
  name: string;
  namespace: string;
  owners: string[];
  sourceKind: PlanSource['kind'];
  sourcePath: string;
  /** Creation options and their credentials, kept apart: only the options go into the record. */
  optionsForm: OptionsFormValue;
}

export function emptyDraft(contextId: string, sandbox: boolean): Draft {
  return {
    contextId,
    release: '1.10.0',
    serviceType: 'serving',
    name: 'kubeflow',
    namespace: 'kubeflow',
    owners: [],
    sourceKind: sandbox ? 'sandbox-simulation' : 'bundle',
    sourcePath: '',
    optionsForm: defaultOptionsFormValue(),
  };
}

/** A field problem: a key under `instances.wizard.invalid.` and its parameters. */
export interface FieldProblem {
  field: 'name' | 'namespace' | 'owners' | 'sourcePath';
  code: string;
  params: Record<string, string>;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// The same shape that zod's email check accepts in main: a local part, an
// at sign and a domain with a dot. Main checks again.
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function labelProblem(field: 'name' | 'namespace', value: string): FieldProblem | null {
  if (value.length === 0) return { field, code: 'required', params: {} };
  if (value.length > 63 || !dnsLabel.test(value)) {
    return { field, code: 'dnsLabel', params: { value } };
  }
  return null;
}

/** Checks the basics step; main checks everything again when it plans. */
export function basicsProblems(draft: Draft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = labelProblem('name', draft.name);
  if (name) problems.push(name);
  const namespace = labelProblem('namespace', draft.namespace);
  if (namespace) problems.push(namespace);

  if (draft.owners.length === 0)
    problems.push({ field: 'owners', code: 'ownerRequired', params: {} });
  if (draft.owners.length > maxOwners) {
    problems.push({
      field: 'owners',
      code: 'tooManyOwners',
      params: { count: String(draft.owners.length), max: String(maxOwners) },
    });
  }
  const seen = new Set<string>();
  for (const owner of draft.owners) {
    if (!email.test(owner))
      problems.push({ field: 'owners', code: 'email', params: { value: owner } });
    const folded = owner.toLowerCase();
    if (seen.has(folded)) {
      problems.push({ field: 'owners', code: 'duplicateOwner', params: { value: owner } });
    }
    seen.add(folded);
  }

  if (draft.sourceKind !== 'sandbox-simulation' && draft.sourcePath.trim() === '') {
    problems.push({ field: 'sourcePath', code: 'pathRequired', params: {} });
  }
  return problems;
}

/** Turns the draft into the request that plans it. */
export function toCreateRequest(draft: Draft): CreateRequest {
  const source: PlanSource =
    draft.sourceKind === 'sandbox-simulation'
      ? { kind: 'sandbox-simulation' }
      : { kind: draft.sourceKind, path: draft.sourcePath.trim() };
  return {
    contextId: draft.contextId,
    name: draft.name,
    namespace: draft.namespace,
    release: draft.release,
    serviceType: draft.serviceType,
    owners: draft.owners,
    source,
    options: draft.optionsForm.options as Record<string, unknown>,
    credentials: draft.optionsForm.credentials,
  };
}
