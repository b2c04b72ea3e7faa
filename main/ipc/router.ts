import type { z } from 'zod';

import {
  isRequestChannel,
  requests,
  type CallResult,
  type RequestChannel,
  type ResponseOf,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Logger } from '../log';

/** The service behind each request channel; it receives the validated payload. */
export type Handlers = {
  [C in RequestChannel]: (
    payload: z.output<(typeof requests)[C]['request']>,
  ) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export interface Router {
  /** Validates a call from an untrusted sender, runs its handler and never throws. */
  dispatch(channel: unknown, payload: unknown): Promise<CallResult>;
}

/** Formats a zod issue path and message as "field.path: message". */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  async function dispatch(channel: unknown, payload: unknown): Promise<CallResult> {
    if (!isRequestChannel(channel)) {
      const name = typeof channel === 'string' ? channel : typeof channel;
      log.warn('rejected call to an unknown channel', { channel: name });
      return failure(
        new AppError('invalid-request', 'unknownChannel', `Unknown request channel "${name}".`, {
          channel: name,
        }),
      );
    }

    const spec = requests[channel];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const detail = describeIssues(parsed.error);
      log.warn('rejected an invalid request', { channel, detail });
      return failure(
        new AppError(
          'invalid-request',
          'invalidRequest',
          `Invalid request to ${channel}: ${detail}`,
          {
            channel,
            detail,
          },
        ),
      );
    }

    try {
      const handler = handlers[channel] as (value: unknown) => Promise<unknown> | unknown;
      const value = await handler(parsed.data);
      // Parsing the response strips fields the contract does not declare.
      return { ok: true, value: spec.response.parse(value) };
    } catch (error) {
      if (error instanceof AppError) {
        log.info('request failed', {
          channel,
          kind: error.kind,
          code: error.code,
          error: error.message,
        });
        return failure(error);
      }
      log.error('request failed unexpectedly', { channel, error: String(error) });
      return failure(
        new AppError('internal', 'internal', `Internal error in ${channel}: ${String(error)}`, {
          channel,
        }),
      );
    }
  }

  return { dispatch };
}

function failure(error: AppError): CallResult {
  return { ok: false, error: error.toShape() };
}
