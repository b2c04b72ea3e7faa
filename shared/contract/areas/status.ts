import type { EventSpecs, RequestSpecs } from './spec';

export const statusRequests = {} as const satisfies RequestSpecs;

export const statusEvents = {} as const satisfies EventSpecs;
