import { events, type EventChannel, type EventOf } from '../../shared/contract';

export type EventListener = <E extends EventChannel>(event: E, payload: EventOf<E>) => void;

/**
 * Fans main's events out to every connected renderer: Electron windows and
 * web-bridge clients subscribe here. Payloads are checked against the
 * contract before they leave, so a service cannot leak undeclared fields.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly latest = new Map<EventChannel, unknown>();

  emit<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    const checked = events[event].parse(payload) as EventOf<E>;
    this.latest.set(event, checked);
    for (const listener of this.listeners) listener(event, checked);
  }

  /** Adds a listener and replays the latest payload of each event, so a late subscriber starts current. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    for (const [event, payload] of this.latest) {
      listener(event, payload as EventOf<typeof event>);
    }
    return () => this.listeners.delete(listener);
  }
}
