// The renderer's tests fake the bridge because the real main process, with
// its services, runs in the end-to-end browser tests against the sandbox
// cluster. The fake keeps the contract's types, so a test cannot send or
// return anything the real bridge would not.
import type {
  Bridge,
  EventChannel,
  EventOf,
  RequestChannel,
  RequestOf,
  ResponseOf,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';

export type FakeHandlers = {
  [C in RequestChannel]?: (payload: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export interface RecordedCall {
  channel: RequestChannel;
  payload: unknown;
}

/** An in-memory Bridge that records each call and runs its channel's handler. Tests send events with emit(). */
export class FakeBridge implements Bridge {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

  constructor(public handlers: FakeHandlers = {}) {}

  async call<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    this.calls.push({ channel, payload });
    const handler = this.handlers[channel] as
      ((payload: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>) | undefined;
    if (!handler) {
      throw new AppError('internal', 'internal', `The fake bridge has no handler for ${channel}.`, {
        channel,
      });
    }
    return handler(payload);
  }

  subscribe<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const untyped = listener as (payload: unknown) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  emit<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  /** Channels called so far, in order. */
  channels(): RequestChannel[] {
    return this.calls.map((call) => call.channel);
  }
}
