// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { routeIds } from './routes';
import { makeHandlers, sandboxKubeconfig, makeContext, makeContextList } from '../testing/fixtures';
import { renderApp } from '../testing/render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const englishNav = {
  clusters: 'Clusters',
  instances: 'Instances',
  components: 'Components',
  access: 'Access',
  roles: 'Roles',
  snapshots: 'Snapshots',
  settings: 'Settings',
};

const koreanNav = {
  clusters: '클러스터',
  instances: '인스턴스',
  components: '컴포넌트',
  access: '접근 관리',
  roles: '역할',
  snapshots: '스냅샷',
  settings: '설정',
};

describe('AppShell', () => {
  it('renders navigation in English', async () => {
    await renderApp(makeHandlers({ settings: { language: 'en' } }));

    for (const id of routeIds) {
      expect(screen.getByTestId(`nav-${id}`).textContent).toBe(englishNav[id]);
    }
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
  });

  it('renders navigation in Korean from settings', async () => {
    await renderApp(makeHandlers({ settings: { language: 'ko' } }));

    await waitFor(() => expect(screen.getByTestId('nav-clusters').textContent).toBe('클러스터'));
    for (const id of routeIds) {
      expect(screen.getByTestId(`nav-${id}`).textContent).toBe(koreanNav[id]);
    }
    expect(document.documentElement.lang).toBe('ko');
  });

  it('follows the system language when set to system', async () => {
    await renderApp(
      makeHandlers({ settings: { language: 'system' }, info: { systemLanguage: 'ko-KR' } }),
    );

    await waitFor(() => expect(document.documentElement.lang).toBe('ko'));
    expect(screen.getByTestId('page-title').textContent).toBe('클러스터');
  });

  it('shows the clusters page for an unknown hash', async () => {
    await renderApp(makeHandlers(), { route: '#/nowhere' });

    expect(screen.getByTestId('page-title').textContent).toBe('Clusters');
    expect(screen.getByTestId('nav-clusters').getAttribute('aria-current')).toBe('page');
  });

  it('changes page when the hash changes', async () => {
    await renderApp(makeHandlers());

    act(() => {
      window.location.hash = '#/roles';
    });

    await waitFor(() => expect(screen.getByTestId('page-title').textContent).toBe('Roles'));
    expect(screen.getByTestId('nav-roles').getAttribute('aria-current')).toBe('page');
  });

  it.each([
    ['instances', 'Instances'],
    ['components', 'Components'],
    ['access', 'Access'],
    ['roles', 'Roles'],
    ['snapshots', 'Snapshots'],
  ])('opens the %s page with its title and no empty state', async (route, title) => {
    await renderApp(makeHandlers(), { route: `#/${route}` });

    expect(screen.getByTestId('page-title').textContent).toBe(title);
    expect(screen.queryByText('Not available in this build yet')).toBeNull();
  });
});

describe('SettingsPage', () => {
  it('switches the language through settings.update', async () => {
    const { bridge } = await renderApp(makeHandlers({ settings: { language: 'en' } }), {
      route: '#/settings',
    });
    const select = await screen.findByTestId('settings-language');
    await waitFor(() => expect(select).toHaveProperty('disabled', false));

    fireEvent.change(select, { target: { value: 'ko' } });

    await waitFor(() => expect(screen.getByTestId('page-title').textContent).toBe('설정'));
    expect(bridge.calls).toContainEqual({
      channel: 'settings.update',
      payload: { language: 'ko' },
    });
    expect(screen.getByTestId('nav-clusters').textContent).toBe('클러스터');
    expect(document.documentElement.lang).toBe('ko');
    expect((select as HTMLSelectElement).value).toBe('ko');
  });

  it('switches the theme through settings.update', async () => {
    const { bridge } = await renderApp(makeHandlers({ settings: { theme: 'light' } }), {
      route: '#/settings',
    });
    const select = await screen.findByTestId('settings-theme');
    await waitFor(() => expect(select).toHaveProperty('disabled', false));

    fireEvent.change(select, { target: { value: 'dark' } });

    await waitFor(() =>
      expect(bridge.calls).toContainEqual({
        channel: 'settings.update',
        payload: { theme: 'dark' },
      }),
    );
    expect((select as HTMLSelectElement).value).toBe('dark');
  });

  it('shows the app version and shell', async () => {
    await renderApp(makeHandlers({ info: { version: '0.1.0', shell: 'electron' } }), {
      route: '#/settings',
    });

    expect((await screen.findByTestId('about-version')).textContent).toBe('0.1.0');
    expect(screen.getByTestId('about-shell').textContent).toBe('Desktop (Electron)');
  });

  it('reverts the setting and shows the error when main rejects it', async () => {
    const handlers = makeHandlers({ settings: { language: 'en' } });
    handlers['settings.update'] = () => {
      throw new Error('disk full');
    };
    await renderApp(handlers, { route: '#/settings' });
    const select = await screen.findByTestId('settings-language');
    await waitFor(() => expect(select).toHaveProperty('disabled', false));

    fireEvent.change(select, { target: { value: 'ko' } });

    const message = await screen.findByTestId('error-message');
    expect(message.textContent).toContain('An unexpected error occurred: disk full');
    expect((select as HTMLSelectElement).value).toBe('en');
    expect(screen.getByTestId('page-title').textContent).toBe('Settings');
  });
});

describe('ThemeToggle', () => {
  it('saves the opposite theme', async () => {
    const { bridge } = await renderApp(makeHandlers({ settings: { theme: 'light' } }));
    const toggle = screen.getByTestId('theme-toggle');
    await waitFor(() => expect(toggle).toHaveProperty('disabled', false));

    fireEvent.click(toggle);

    await waitFor(() =>
      expect(bridge.calls).toContainEqual({
        channel: 'settings.update',
        payload: { theme: 'dark' },
      }),
    );
  });
});

describe('SandboxBanner', () => {
  it('explains a sandbox that is being built', async () => {
    await renderApp(
      makeHandlers({
        info: { sandbox: { state: 'building', kubeconfigPath: null, detail: null } },
      }),
    );

    const banner = await screen.findByTestId('sandbox-banner');
    expect(banner.textContent).toContain('being built');
    expect(banner.textContent).toContain('several minutes');
  });

  it('follows the sandbox.status event', async () => {
    const { bridge } = await renderApp(makeHandlers());
    expect(screen.queryByTestId('sandbox-banner')).toBeNull();

    act(() =>
      bridge.emit('sandbox.status', {
        state: 'failed',
        kubeconfigPath: null,
        detail: 'etcd exited with status 1',
      }),
    );

    const banner = await screen.findByTestId('sandbox-banner');
    expect(banner.textContent).toContain('etcd exited with status 1');
  });

  it('retries a failed sandbox', async () => {
    const failed = { state: 'failed' as const, kubeconfigPath: null, detail: 'etcd exited (1)' };
    const handlers = makeHandlers({ info: { sandbox: failed } });
    let starts = 0;
    handlers['sandbox.start'] = () => {
      starts += 1;
      return { state: 'building', kubeconfigPath: null, detail: null };
    };
    await renderApp(handlers);

    fireEvent.click(await screen.findByTestId('sandbox-retry'));

    await waitFor(() => expect(starts).toBe(1));
    await waitFor(() =>
      expect(screen.getByTestId('sandbox-banner').textContent).toContain('being built'),
    );
  });

  it('marks sandbox contexts while the sandbox runs', async () => {
    const sandboxContext = makeContext('kubeflow-sandbox', sandboxKubeconfig);
    const list = makeContextList({ contexts: [sandboxContext], activeId: sandboxContext.id });
    await renderApp(
      makeHandlers({
        list,
        info: { sandbox: { state: 'running', kubeconfigPath: sandboxKubeconfig, detail: null } },
      }),
    );

    const row = await screen.findByRole('row', { name: /kubeflow-sandbox/ });
    expect(within(row).getByTestId('sandbox-chip').textContent).toBe('Sandbox');
    expect(screen.queryByTestId('sandbox-banner')).toBeNull();
  });
});
