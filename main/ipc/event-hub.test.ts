import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import type { EventChannel, SandboxStatus, Settings } from '../../shared/contract';
import { EventHub } from './event-hub';

type Received = [EventChannel, unknown];

/** Subscribes a listener that records every event it receives. */
function record(hub: EventHub) {
  const received: Received[] = [];
  const unsubscribe = hub.subscribe((event, payload) => received.push([event, payload]));
  return { received, unsubscribe };
}

const dark: Settings = { language: 'en', theme: 'dark' };
const light: Settings = { language: 'ko', theme: 'light' };

describe('EventHub', () => {
  it('delivers an event to a subscriber', () => {
    const hub = new EventHub();
    const { received } = record(hub);

    hub.emit('settings.changed', dark);

    expect(received).toEqual([['settings.changed', dark]]);
  });

  it('delivers to every subscriber', () => {
    const hub = new EventHub();
    const first = record(hub);
    const second = record(hub);

    hub.emit('kube.activeContextChanged', { activeId: 'a#b' });

    expect(first.received).toHaveLength(1);
    expect(second.received).toHaveLength(1);
  });

  it('stops after unsubscribe', () => {
    const hub = new EventHub();
    const { received, unsubscribe } = record(hub);

    unsubscribe();
    hub.emit('settings.changed', dark);

    expect(received).toEqual([]);
  });

  it('replays the latest payload', () => {
    const hub = new EventHub();
    hub.emit('settings.changed', dark);
    hub.emit('settings.changed', light);

    const { received } = record(hub);

    expect(received).toEqual([['settings.changed', light]]);
  });

  it('replays each event once', () => {
    const hub = new EventHub();
    hub.emit('settings.changed', dark);
    hub.emit('kube.activeContextChanged', { activeId: null });

    const { received } = record(hub);

    expect(received).toHaveLength(2);
    expect(received).toContainEqual(['settings.changed', dark]);
    expect(received).toContainEqual(['kube.activeContextChanged', { activeId: null }]);
  });

  it('replays nothing before an emit', () => {
    const hub = new EventHub();

    const { received } = record(hub);

    expect(received).toEqual([]);
  });

  it('rejects an invalid payload', () => {
    const hub = new EventHub();
    const { received } = record(hub);

    expect(() =>
      hub.emit('settings.changed', { language: 'fr', theme: 'dark' } as unknown as Settings),
    ).toThrow();
    expect(received).toEqual([]);
  });

  it('keeps the previous payload after a rejected emit', () => {
    const hub = new EventHub();
    hub.emit('settings.changed', dark);
    expect(() => hub.emit('settings.changed', { theme: 'dark' } as unknown as Settings)).toThrow();

    const { received } = record(hub);

    expect(received).toEqual([['settings.changed', dark]]);
  });

  it('strips undeclared payload fields', () => {
    const hub = new EventHub();
    const { received } = record(hub);
    const status = {
      state: 'running',
      kubeconfigPath: '/tmp/sandbox/kubeconfig',
      detail: null,
      token: randomBytes(16).toString('hex'),
    } as SandboxStatus;

    hub.emit('sandbox.status', status);

    expect(received[0]?.[1]).toEqual({
      state: 'running',
      kubeconfigPath: '/tmp/sandbox/kubeconfig',
      detail: null,
    });
  });

  it('strips fields from the replay', () => {
    const hub = new EventHub();
    hub.emit('settings.changed', { ...dark, activeContext: null } as Settings);

    const { received } = record(hub);

    expect(received[0]?.[1]).toEqual(dark);
  });

  it('isolates a failing listener', () => {
    const hub = new EventHub();
    hub.subscribe(() => {
      throw new Error('window closed');
    });
    const { received } = record(hub);

    expect(() => hub.emit('settings.changed', dark)).not.toThrow();
    expect(received).toEqual([['settings.changed', dark]]);
  });
});
