import { describe, expect, it, vi } from 'vitest';

import type { PreloadApi } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { createElectronBridge } from './electron-bridge';

function fakePreload(overrides: Partial<PreloadApi> = {}): PreloadApi {
  return {
    call: vi.fn(async () => ({ ok: true as const, value: { language: 'en', theme: 'system' } })),
    subscribe: vi.fn(() => () => {}),
    ...overrides,
  };
}

describe('createElectronBridge', () => {
  it('returns the value of an ok result', async () => {
    const preload = fakePreload();
    const bridge = createElectronBridge(preload);

    await expect(bridge.call('settings.get', {})).resolves.toEqual({
      language: 'en',
      theme: 'system',
    });
    expect(preload.call).toHaveBeenCalledWith('settings.get', {});
  });

  it('throws the AppError of an error result', async () => {
    const preload = fakePreload({
      call: async () => ({
        ok: false,
        error: {
          kind: 'timeout',
          code: 'timeout',
          message: 'timed out',
          params: { seconds: '10' },
        },
      }),
    });
    const bridge = createElectronBridge(preload);

    const error = await bridge.call('kube.check', { contextId: 'a#b' }).catch((reason) => reason);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'timeout', params: { seconds: '10' } });
  });

  it('drops invalid event payloads', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let deliver: (payload: unknown) => void = () => {};
    const preload = fakePreload({
      subscribe: (_event, listener) => {
        deliver = listener;
        return () => {};
      },
    });
    const listener = vi.fn();
    createElectronBridge(preload).subscribe('kube.activeContextChanged', listener);

    deliver({ activeId: 42 });
    deliver({ activeId: 'a#b' });

    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ activeId: 'a#b' });
  });
});
