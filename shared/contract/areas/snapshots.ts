import type { EventSpecs, RequestSpecs } from './spec';

export const snapshotRequests = {} as const satisfies RequestSpecs;

export const snapshotEvents = {} as const satisfies EventSpecs;
