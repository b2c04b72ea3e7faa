import type { z } from 'zod';

/** A request channel's payload and result schemas. */
export interface RequestSpec {
  request: z.ZodType;
  response: z.ZodType;
}

/** Request channels of one area of the app, merged into `requests` in contract.ts. */
export type RequestSpecs = Record<string, RequestSpec>;

/** Event channels of one area of the app, merged into `events` in contract.ts. */
export type EventSpecs = Record<string, z.ZodType>;
