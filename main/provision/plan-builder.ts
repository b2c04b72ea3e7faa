import { readFile, stat } from 'node:fs/promises';

import type { PlanEffect, PlanSource } from '../../shared/contract/areas/instances';
import { AppError } from '../../shared/errors';
import type { InstanceSpec } from '../../shared/provision/instance';
import type { InstanceCredentialsInput } from '../../shared/provision/options';
import {
  parseManifests,
  type ManifestProblem,
  type ManifestSource,
  type ParsedObject,
} from './manifest-parser';
import { refKey, refOf, type KubeObject, type ObjectRef } from './object-ref';
import { generateSandboxBundle } from './sandbox-bundle';

/** Largest bundle file read, far above the 5 MB of a rendered upstream release. */
export const maxBundleBytes = 64 * 1024 * 1024;

/** Rendered manifests of a source and the git tag they come from, when known. */
export interface RenderedSource {
  sources: ManifestSource[];
  tag: string | null;
}

/** Renders a kubeflow/manifests checkout; provided by the checkout module. */
export type CheckoutRenderer = (path: string, spec: InstanceSpec) => Promise<RenderedSource>;

/** Result of the creation options' transformations. */
export interface OptionsResult {
  objects: KubeObject[];
  effects: PlanEffect[];
  /** Generated Secrets that hold credentials. */
  secrets: ObjectRef[];
  /** Objects that carry the first owner's generated password. */
  passwordObjects: ObjectRef[];
  /** The first owner's generated password, returned to the user once. */
  ownerPassword: string | null;
}

/** Applies the creation options to rendered objects; provided by the options module. */
export type OptionsTransform = (
  objects: KubeObject[],
  spec: InstanceSpec,
  credentials: InstanceCredentialsInput,
) => Promise<OptionsResult>;

export interface BuildDeps {
  renderCheckout: CheckoutRenderer;
  transform: OptionsTransform;
}

/** Objects of a plan before they are checked against the cluster. */
export interface BuiltObjects {
  objects: ParsedObject[];
  problems: ManifestProblem[];
  effects: PlanEffect[];
  secrets: ObjectRef[];
  passwordObjects: ObjectRef[];
  ownerPassword: string | null;
  tag: string | null;
}

async function readBundle(path: string): Promise<RenderedSource> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError(
      'invalid-request',
      'bundleUnreadable',
      `The bundle ${path} cannot be read (${code}). Check the path and that your user may read the file.`,
      { path, reason: code },
    );
  }
  if (size > maxBundleBytes) {
    throw new AppError(
      'invalid-request',
      'bundleTooLarge',
      `The bundle ${path} has ${size} bytes, more than the ${maxBundleBytes} the app reads. Render only the components you install.`,
      { path, size: String(size), limit: String(maxBundleBytes) },
    );
  }
  return { sources: [{ file: path, text: await readFile(path, 'utf8') }], tag: null };
}

/** Renders the source of a spec into manifest files. */
export async function renderSource(
  source: PlanSource,
  spec: InstanceSpec,
  deps: BuildDeps,
): Promise<RenderedSource> {
  switch (source.kind) {
    case 'sandbox-simulation': {
      const bundle = generateSandboxBundle(spec.release, spec.serviceType, {
        ownerEmail: spec.owners[0] ?? null,
      });
      return { sources: [{ file: 'sandbox-simulation.yaml', text: bundle.yaml }], tag: null };
    }
    case 'bundle':
      return readBundle(source.path);
    case 'manifests-checkout':
      return deps.renderCheckout(source.path, spec);
  }
}

/**
 * Parses the rendered manifests and applies the creation options. Objects
 * the options add (such as Secrets) are listed as coming from "options";
 * objects they keep retain their file and document index.
 */
export async function buildObjects(
  source: PlanSource,
  spec: InstanceSpec,
  credentials: InstanceCredentialsInput,
  deps: BuildDeps,
): Promise<BuiltObjects> {
  const rendered = await renderSource(source, spec, deps);
  const parsed = parseManifests(rendered.sources);
  const byKey = new Map(parsed.objects.map((entry) => [refKey(entry.ref), entry]));

  const transformed = await deps.transform(
    parsed.objects.map((entry) => entry.object),
    spec,
    credentials,
  );
  const objects = transformed.objects.map((object, index): ParsedObject => {
    const ref = refOf(object);
    const original = byKey.get(refKey(ref));
    return original ? { ...original, object } : { object, ref, file: 'options', index, line: null };
  });
  return {
    objects,
    problems: parsed.problems,
    effects: transformed.effects,
    secrets: transformed.secrets,
    passwordObjects: transformed.passwordObjects,
    ownerPassword: transformed.ownerPassword,
    tag: rendered.tag,
  };
}
