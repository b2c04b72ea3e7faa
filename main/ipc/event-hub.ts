import { events, type EventChannel, type EventOf } from '../../shared/contract';
import { silentLogger, type Logger } from '../log';

export type EventListener = <E extends EventChannel>(event: E, payload: EventOf<E>) => void;

/**
 * Fans main's events out to every connected renderer: Electron windows and
 * web-bridge clients subscribe here. Payloads are checked against the
 * contract before they leave, so a service cannot leak undeclared fields.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly latest = new Map<EventChannel, unknown>();

  constructor(private readonly log: Logger = silentLogger) {}

  emit<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    const checked = events[event].parse(payload) as EventOf<E>;
    this.latest.set(event, checked);
    for (const listener of this.listeners) this.deliver(listener, event, checked);
  }

  /** Adds a listener and replays the latest payload of each event, so a late subscriber starts current. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    for (const [event, payload] of this.latest) {
      this.deliver(listener, event, payload as EventOf<typeof event>);
    }
    return () => this.listeners.delete(listener);
  }

  /** Calls one listener; its failure (a closed window, a broken stream) is logged and never reaches the emitter or the other listeners. */
  private deliver<E extends EventChannel>(
    listener: EventListener,
    event: E,
    payload: EventOf<E>,
  ): void {
    try {
      listener(event, payload);
    } catch (error) {
      this.log.warn('an event listener failed', { event, error: String(error) });
    }
  }
}
