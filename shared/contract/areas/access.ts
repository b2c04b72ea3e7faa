import type { EventSpecs, RequestSpecs } from './spec';

export const accessRequests = {} as const satisfies RequestSpecs;

export const accessEvents = {} as const satisfies EventSpecs;
