import { z } from 'zod';

import {
  ClusterWatchSchema,
  InstanceStatusViewSchema,
  TransitionSchema,
} from '../../status/schemas';
import type { EventSpecs, RequestSpecs } from './spec';

const KeySchema = z.string().min(3).max(8192);
const ContextIdSchema = z.string().min(1).max(8192);

export const StatusListSchema = z.object({
  instances: z.array(InstanceStatusViewSchema),
  clusters: z.array(ClusterWatchSchema),
  /** Contexts watched besides the active one. */
  pinned: z.array(z.string()),
});
export type StatusList = z.infer<typeof StatusListSchema>;

export const statusRequests = {
  /** Every instance status the engine keeps, with the watched clusters. */
  'status.list': { request: z.object({}).strict(), response: StatusListSchema },
  /** One instance's status, or null when the engine has not seen it. */
  'status.get': {
    request: z.object({ key: KeySchema }).strict(),
    response: InstanceStatusViewSchema.nullable(),
  },
  /** One instance's transitions, oldest first. */
  'status.history': {
    request: z.object({ key: KeySchema }).strict(),
    response: z.object({ key: z.string(), transitions: z.array(TransitionSchema) }),
  },
  /** Keeps a context watched while it is not the active one. */
  'status.pin': {
    request: z.object({ contextId: ContextIdSchema }).strict(),
    response: z.object({ pinned: z.array(z.string()) }),
  },
  'status.unpin': {
    request: z.object({ contextId: ContextIdSchema }).strict(),
    response: z.object({ pinned: z.array(z.string()) }),
  },
  /** Reads one context's cluster now, watched or not, and returns its instances' statuses. */
  'status.refresh': {
    request: z.object({ contextId: ContextIdSchema }).strict(),
    response: z.object({ instances: z.array(InstanceStatusViewSchema) }),
  },
} as const satisfies RequestSpecs;

export const statusEvents = {
  /** One instance's status after it changed; at most 10 a second per instance. */
  'status.changed': InstanceStatusViewSchema,
} as const satisfies EventSpecs;
