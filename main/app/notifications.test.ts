// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so the stub Notification records what the app would show.
import { describe, expect, it, vi } from 'vitest';

import type { InstanceStatusView, Transition } from '../../shared/status/schemas';
import { silentLogger } from '../log';
import type { TransitionNotice } from '../status/status-service';

const shown = vi.hoisted(() => [] as { title: string; body: string; click?: () => void }[]);
const electronStub = vi.hoisted(() => ({
  app: { name: 'Kubeflow Desktop', isPackaged: false, getVersion: () => '0.1.0' },
  dialog: { showMessageBox: vi.fn() },
  Menu: { buildFromTemplate: vi.fn(), setApplicationMenu: vi.fn() },
  Notification: class {
    static supported = true;
    static isSupported() {
      return this.supported;
    }
    entry: { title: string; body: string; click?: () => void };
    constructor(options: { title: string; body: string }) {
      this.entry = { ...options };
    }
    on(event: string, listener: () => void) {
      if (event === 'click') this.entry.click = listener;
    }
    show() {
      shown.push(this.entry);
    }
  },
}));

vi.mock('electron', () => electronStub);

const { notificationText, startStatusNotifications } = await import('./notifications');

const status = {
  key: 'kubeflow/team@ctx',
  contextId: 'ctx',
  namespace: 'kubeflow',
  name: 'team',
  release: '1.10.0',
  serviceType: 'essential',
  phase: 'Failed',
  reason: 'Pod trainer: Insufficient nvidia.com/gpu',
  since: '2026-01-01T00:00:00.000Z',
  unreachableSince: null,
  recordPhase: 'Creating',
  components: [],
  faults: [],
  events: [],
  observedAt: '2026-01-01T00:00:00.000Z',
} satisfies InstanceStatusView;

function notice(
  name: Transition['name'],
  to: Transition['to'],
  reason: string | null = null,
): TransitionNotice {
  return {
    key: status.key,
    transition: { name, from: 'Creating', to, reason, at: status.since },
    status: { ...status, phase: to, reason },
  };
}

describe('notificationText', () => {
  it('names the instance and the reason of a failure', () => {
    const text = notificationText(
      notice('readiness-deadline', 'Failed', 'Insufficient nvidia.com/gpu'),
      'en',
      'sandbox',
    );
    expect(text?.title).toBe('team failed');
    expect(text?.body).toBe('Insufficient nvidia.com/gpu');
  });

  it('writes Korean text', () => {
    const text = notificationText(notice('all-healthy', 'Active'), 'ko', 'sandbox');
    expect(text?.title).toBe('team 인스턴스가 활성 상태입니다');
    expect(text?.body).toContain('sandbox');
  });

  it('skips other phases and the first sight of an instance', () => {
    expect(notificationText(notice('delete-started', 'Terminating'), 'en', 'x')).toBeNull();
    expect(notificationText(notice('observed', 'Active'), 'en', 'x')).toBeNull();
  });
});

describe('startStatusNotifications', () => {
  it('shows a notification per transition and reports clicks', () => {
    let listener: ((entry: TransitionNotice) => void) | undefined;
    const clicked: string[] = [];
    const stop = startStatusNotifications(
      {
        onTransition: (next) => {
          listener = next;
          return () => (listener = undefined);
        },
      },
      {
        language: () => 'en',
        contextName: () => 'sandbox',
        onClick: (key) => clicked.push(key),
        log: silentLogger,
      },
    );

    listener?.(notice('record-gone', 'Expired', 'the instance record was deleted outside the app'));
    listener?.(notice('delete-started', 'Terminating'));
    expect(shown.map((entry) => entry.title)).toEqual(['team expired']);
    shown[0]?.click?.();
    expect(clicked).toEqual([status.key]);

    stop();
    expect(listener).toBeUndefined();
  });

  it('does nothing where notifications are not supported', () => {
    electronStub.Notification.supported = false;
    const onTransition = vi.fn(() => () => {});
    startStatusNotifications(
      { onTransition },
      { language: () => 'en', contextName: () => '', log: silentLogger },
    );
    expect(onTransition).not.toHaveBeenCalled();
    electronStub.Notification.supported = true;
  });
});
