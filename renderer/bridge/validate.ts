import {
  CallResultSchema,
  events,
  requests,
  type EventChannel,
  type EventOf,
  type RequestChannel,
  type ResponseOf,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';

/**
 * Unwraps a call result into the response value or a thrown AppError. Main
 * already validates what it sends, so a mismatch here means the two sides run
 * different versions of the contract.
 */
export function unwrapCallResult<C extends RequestChannel>(
  channel: C,
  result: unknown,
): ResponseOf<C> {
  const envelope = CallResultSchema.safeParse(result);
  if (!envelope.success) throw invalidResponse(channel, envelope.error.message);
  if (!envelope.data.ok) throw AppError.fromShape(envelope.data.error);

  const value = requests[channel].response.safeParse(envelope.data.value);
  if (!value.success) throw invalidResponse(channel, value.error.message);
  return value.data as ResponseOf<C>;
}

function invalidResponse(channel: RequestChannel, detail: string): AppError {
  return new AppError(
    'internal',
    'bridgeInvalidResponse',
    `Invalid response to ${channel}: ${detail}`,
    { channel },
  );
}

/**
 * Parses an event payload against the contract. Returns undefined and warns
 * for an invalid payload, because one bad event must not break the screen.
 */
export function parseEventPayload<E extends EventChannel>(
  event: E,
  payload: unknown,
): EventOf<E> | undefined {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    console.warn(`Dropped an invalid ${event} event: ${parsed.error.message}`);
    return undefined;
  }
  return parsed.data as EventOf<E>;
}
