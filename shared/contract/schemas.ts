import { z } from 'zod';

import { AppErrorSchema } from '../errors';

/**
 * A reason computed in main, for the renderer to show in the user's
 * language: `code` is a key under `errors.` in the locale files and `params`
 * fills its placeholders. The English text travels beside it.
 */
export const LocalizedTextSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.string()).default({}),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A kubeconfig context is identified by the file that defines it and its name. */
export const ContextRefSchema = z.object({
  source: z.string().min(1),
  name: z.string().min(1),
});
export type ContextRef = z.infer<typeof ContextRefSchema>;

export const AuthKindSchema = z.enum([
  'token',
  'token-file',
  'client-certificate',
  'exec',
  'auth-provider',
  'basic',
  'none',
]);
export type AuthKind = z.infer<typeof AuthKindSchema>;

/** The part of a context the renderer may see, which never includes a credential. */
export const ContextSummarySchema = z.object({
  id: z.string(),
  ref: ContextRefSchema,
  cluster: z.string(),
  user: z.string(),
  namespace: z.string().nullable(),
  server: z.string().nullable(),
  authKind: AuthKindSchema,
  /** The reason the entry cannot be used, in English, or null when it is valid. */
  invalidReason: z.string().nullable(),
  /** The same reason for the screen, in the user's language. */
  invalidText: LocalizedTextSchema.nullable().default(null),
  /** True when kubectl's merged view would hide this entry behind an earlier file's context of the same name. */
  shadowed: z.boolean(),
});
export type ContextSummary = z.infer<typeof ContextSummarySchema>;

/**
 * Origin of a kubeconfig source: kubectl's default file, the
 * KUBECONFIG list, a file or folder the user added, a kubeconfig imported
 * into the app's data folder, or the built-in sandbox.
 */
export const SourceOriginSchema = z.enum([
  'default',
  'env',
  'added',
  'folder',
  'imported',
  'sandbox',
]);
export type SourceOrigin = z.infer<typeof SourceOriginSchema>;

export const KubeconfigSourceSchema = z.object({
  path: z.string(),
  origin: SourceOriginSchema,
  /** For a file found in an added folder: that folder. */
  folder: z.string().nullable().default(null),
  /** True for sources the user added or imported, which the app can remove; kubectl's own files it never removes. */
  removable: z.boolean().default(false),
  /** Null when the file was read; otherwise why it could not be, in English. */
  error: z.string().nullable(),
  /** The same reason for the screen, in the user's language. */
  errorText: LocalizedTextSchema.nullable().default(null),
  contextCount: z.number().int().nonnegative(),
});
export type KubeconfigSource = z.infer<typeof KubeconfigSourceSchema>;

export const ContextListSchema = z.object({
  sources: z.array(KubeconfigSourceSchema),
  contexts: z.array(ContextSummarySchema),
  activeId: z.string().nullable(),
});
export type ContextList = z.infer<typeof ContextListSchema>;

export const LanguageSchema = z.enum(['system', 'en', 'ko']);
export type Language = z.infer<typeof LanguageSchema>;
export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsSchema = z.object({
  language: LanguageSchema,
  theme: ThemeSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SandboxStateSchema = z.enum(['off', 'building', 'starting', 'running', 'failed']);
export type SandboxState = z.infer<typeof SandboxStateSchema>;

export const SandboxStatusSchema = z.object({
  state: SandboxStateSchema,
  kubeconfigPath: z.string().nullable(),
  /** English detail for logs; the renderer shows the state through its own locale keys. */
  detail: z.string().nullable(),
});
export type SandboxStatus = z.infer<typeof SandboxStatusSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'web', 'cli']),
  platform: z.string(),
  /** Language the operating system reports, used when the setting is "system". */
  systemLanguage: z.string(),
  sandbox: SandboxStatusSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Outcome kinds of a connection check, each with its own explanation and next step. */
export const CheckStatusSchema = z.enum([
  'ok',
  'unreachable',
  'tls',
  'unauthorized',
  'forbidden',
  'exec-failed',
  'timeout',
  'server-error',
  'invalid',
]);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** Permissions of the user on the cluster, from SelfSubjectAccessReviews; each is null when the check could not ask. */
export const CapabilitiesSchema = z.object({
  createCustomResourceDefinitions: z.boolean().nullable(),
  createNamespaces: z.boolean().nullable(),
  listNamespaces: z.boolean().nullable(),
  manageRbac: z.boolean().nullable(),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/** Identity the API server authenticated, from a SelfSubjectReview where the server serves it. */
export const IdentitySchema = z.object({
  username: z.string(),
  groups: z.array(z.string()),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const ConnectionCheckSchema = z.object({
  contextId: z.string(),
  status: CheckStatusSchema,
  serverVersion: z.string().nullable(),
  clusterUid: z.string().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  identity: IdentitySchema.nullable(),
  capabilities: CapabilitiesSchema.nullable(),
  /** Reason the check did not reach ok, with the value and the next step. */
  error: AppErrorSchema.nullable(),
  checkedAt: z.string(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheckSchema>;
