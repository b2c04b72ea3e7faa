import { z } from 'zod';

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

/** What the renderer may see of a context: never a credential. */
export const ContextSummarySchema = z.object({
  id: z.string(),
  ref: ContextRefSchema,
  cluster: z.string(),
  user: z.string(),
  namespace: z.string().nullable(),
  server: z.string().nullable(),
  authKind: AuthKindSchema,
  /** The reason the entry cannot be used, or null when it is valid. */
  invalidReason: z.string().nullable(),
  /** True when kubectl's merged view would hide this entry behind an earlier file's context of the same name. */
  shadowed: z.boolean(),
});
export type ContextSummary = z.infer<typeof ContextSummarySchema>;

export const KubeconfigSourceSchema = z.object({
  path: z.string(),
  origin: z.enum(['default', 'env', 'added', 'sandbox']),
  /** Null when the file was read; otherwise why it could not be. */
  error: z.string().nullable(),
  contextCount: z.number().int().nonnegative(),
});
export type KubeconfigSource = z.infer<typeof KubeconfigSourceSchema>;

export const ContextListSchema = z.object({
  sources: z.array(KubeconfigSourceSchema),
  contexts: z.array(ContextSummarySchema),
  activeId: z.string().nullable(),
});
export type ContextList = z.infer<typeof ContextListSchema>;

export const ClusterProbeSchema = z.object({
  contextId: z.string(),
  serverVersion: z.string(),
  /** UID of the kube-system namespace: it tells two clusters apart even when they share a server name. */
  clusterUid: z.string().nullable(),
  latencyMs: z.number().nonnegative(),
  checkedAt: z.string(),
});
export type ClusterProbe = z.infer<typeof ClusterProbeSchema>;

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
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
  /** Language the operating system reports, used when the setting is "system". */
  systemLanguage: z.string(),
  sandbox: SandboxStatusSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
