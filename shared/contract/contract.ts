import { z } from 'zod';

import { AppErrorSchema } from '../errors';
import {
  AppInfoSchema,
  ConnectionCheckSchema,
  ContextListSchema,
  ContextSummarySchema,
  SandboxStatusSchema,
  SettingsSchema,
  LanguageSchema,
  ThemeSchema,
} from './schemas';
import { accessEvents, accessRequests } from './areas/access';
import { instanceEvents, instanceRequests } from './areas/instances';
import { snapshotEvents, snapshotRequests } from './areas/snapshots';
import { statusEvents, statusRequests } from './areas/status';

const empty = z.object({}).strict();

/**
 * Core requests, declared once. Main validates
 * each payload against `request` and each result against `response`, and the
 * response schemas strip any field they do not name, so nothing else (such as
 * a credential) can cross to the renderer by accident.
 */
const coreRequests = {
  'app.info': { request: empty, response: AppInfoSchema },
  'settings.get': { request: empty, response: SettingsSchema },
  'settings.update': {
    request: z
      .object({ language: LanguageSchema.optional(), theme: ThemeSchema.optional() })
      .strict(),
    response: SettingsSchema,
  },
  /**
   * Starts the built-in sandbox cluster again after it failed or was not
   * started; returns the status at once and reports progress as
   * 'sandbox.status' events. Does nothing while it builds, starts or runs.
   */
  'sandbox.start': { request: empty, response: SandboxStatusSchema },
  'kube.listContexts': { request: empty, response: ContextListSchema },
  'kube.setActiveContext': {
    request: z.object({ contextId: z.string().min(1).max(4096) }).strict(),
    response: ContextSummarySchema,
  },
  /** Runs a full connection check now and saves its result. */
  'kube.check': {
    request: z.object({ contextId: z.string().min(1).max(4096) }).strict(),
    response: ConnectionCheckSchema,
  },
  /** The latest saved check of every context, also those checked in earlier runs. */
  'kube.listChecks': {
    request: empty,
    response: z.object({ checks: z.array(ConnectionCheckSchema) }),
  },
  /** Adds a kubeconfig file, or a folder whose files are all read; remembered across restarts. */
  'kube.addSource': {
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: ContextListSchema,
  },
  /** Forgets an added file or folder, or deletes an imported kubeconfig from the app's data folder. */
  'kube.removeSource': {
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: ContextListSchema,
  },
  /**
   * Keeps a pasted or uploaded kubeconfig in the app's data folder. In
   * Electron its credentials are encrypted with the OS keychain; elsewhere
   * they are stored only when `storeCredentials` is true.
   */
  'kube.importKubeconfig': {
    request: z
      .object({
        name: z.string().min(1).max(200),
        content: z
          .string()
          .min(1)
          .max(4 * 1024 * 1024),
        storeCredentials: z.boolean(),
      })
      .strict(),
    response: ContextListSchema,
  },
  /** Makes this context the current-context of its file, as `kubectl config use-context` does. */
  'kube.setKubectlDefault': {
    request: z.object({ contextId: z.string().min(1).max(4096) }).strict(),
    response: z.object({ path: z.string(), previous: z.string().nullable() }),
  },
} as const;

/**
 * Every request the renderer may send to main: the core channels above and
 * those of each area (shared/contract/areas). A channel name is unique.
 */
export const requests = {
  ...coreRequests,
  ...instanceRequests,
  ...statusRequests,
  ...accessRequests,
  ...snapshotRequests,
} as const;

/** Core events. */
const coreEvents = {
  'kube.contextsChanged': ContextListSchema,
  'kube.activeContextChanged': z.object({ activeId: z.string().nullable() }),
  'kube.checkChanged': ConnectionCheckSchema,
  'sandbox.status': SandboxStatusSchema,
  'settings.changed': SettingsSchema,
} as const;

/** Every event main pushes to the renderer: the core events and those of each area. */
export const events = {
  ...coreEvents,
  ...instanceEvents,
  ...statusEvents,
  ...accessEvents,
  ...snapshotEvents,
} as const;

export type RequestChannel = keyof typeof requests;
export type EventChannel = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof events)[E]>;

export const requestChannels = Object.keys(requests) as RequestChannel[];
export const eventChannels = Object.keys(events) as EventChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** The envelope every call returns, over IPC and over HTTP alike. */
export const CallResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorSchema }),
]);
export type CallResult = z.infer<typeof CallResultSchema>;

/** The typed API the renderer uses, whichever shell it runs in. */
export interface Bridge {
  call<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

/**
 * API the Electron preload exposes on `window.kubeflowDesktop`. It is untyped
 * on purpose, because the renderer wraps it in a typed client and main checks
 * every value that passes through it.
 */
export interface PreloadApi {
  call(channel: string, payload: unknown): Promise<CallResult>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export { ipcChannels } from './ipc-channels';
