// Electron is stubbed: no Electron binary can be downloaded on these machines,
// so tests that would launch it cannot run. The stub Menu keeps the template
// it was built from, so the tests read the menu the app would show.
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Settings } from '../../shared/contract';
import { resources } from '../../shared/i18n';
import { EventHub } from '../ipc/event-hub';
import { silentLogger } from '../log';

const electronStub = vi.hoisted(() => ({
  app: { name: 'Kubeflow Desktop', isPackaged: false, getVersion: () => '0.1.0' },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
}));

vi.mock('electron', () => electronStub);

const { buildMenuTemplate, electronStrings, installApplicationMenu, interpolate } =
  await import('./menu');

const noAbout = () => {};

function submenuOf(
  template: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label);
  if (!menu) throw new Error(`no menu labelled ${label}`);
  return menu.submenu as MenuItemConstructorOptions[];
}

function roles(items: MenuItemConstructorOptions[]): (string | undefined)[] {
  return items.filter((item) => item.type !== 'separator').map((item) => item.role);
}

/** Returns the template passed to the latest Menu.setApplicationMenu call. */
function shownTemplate(): MenuItemConstructorOptions[] {
  const menu = electronStub.Menu.setApplicationMenu.mock.lastCall?.[0] as
    { template: MenuItemConstructorOptions[] } | undefined;
  if (!menu) throw new Error('no application menu was set');
  return menu.template;
}

function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null
      ? keysOf(child, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

const realPlatform = process.platform;

/** Makes process.platform report `platform` until the test ends. */
function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

beforeEach(() => {
  vi.clearAllMocks();
  electronStub.app.isPackaged = false;
  // installApplicationMenu reads process.platform, and the expected menus are the Linux ones.
  setPlatform('linux');
});

afterEach(() => {
  setPlatform(realPlatform);
});

describe('buildMenuTemplate', () => {
  const en = electronStrings('en');

  it('has File, Edit, View, Window and Help off macOS', () => {
    const template = buildMenuTemplate(en, {
      platform: 'linux',
      isPackaged: false,
      showAbout: noAbout,
    });
    expect(template.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('puts Quit in the File menu off macOS', () => {
    const template = buildMenuTemplate(en, {
      platform: 'win32',
      isPackaged: true,
      showAbout: noAbout,
    });
    expect(roles(submenuOf(template, 'File'))).toEqual(['quit']);
  });

  it('gives the Edit menu the standard roles', () => {
    const template = buildMenuTemplate(en, {
      platform: 'linux',
      isPackaged: true,
      showAbout: noAbout,
    });
    expect(roles(submenuOf(template, 'Edit'))).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'delete',
      'selectAll',
    ]);
  });

  it('offers developer tools when not packaged', () => {
    const template = buildMenuTemplate(en, {
      platform: 'linux',
      isPackaged: false,
      showAbout: noAbout,
    });
    expect(roles(submenuOf(template, 'View'))).toContain('toggleDevTools');
  });

  it('hides developer tools when packaged', () => {
    const template = buildMenuTemplate(en, {
      platform: 'linux',
      isPackaged: true,
      showAbout: noAbout,
    });
    const view = roles(submenuOf(template, 'View'));
    expect(view).not.toContain('toggleDevTools');
    expect(view).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut']));
  });

  it('runs the about handler from Help', () => {
    const showAbout = vi.fn();
    const template = buildMenuTemplate(en, { platform: 'linux', isPackaged: true, showAbout });
    const about = submenuOf(template, 'Help').find((item) => item.label === en.menu.about);

    about?.click?.({} as never, undefined, {} as never);

    expect(showAbout).toHaveBeenCalledTimes(1);
  });

  it('starts with the app menu on macOS', () => {
    const template = buildMenuTemplate(en, {
      platform: 'darwin',
      isPackaged: true,
      showAbout: noAbout,
    });
    expect(template[0]?.label).toBe('Kubeflow Desktop');
    expect(roles(template[0]?.submenu as MenuItemConstructorOptions[])).toContain('quit');
    expect(roles(submenuOf(template, 'File'))).toEqual(['close']);
  });

  it('uses Korean labels', () => {
    const ko = electronStrings('ko');
    const template = buildMenuTemplate(ko, {
      platform: 'linux',
      isPackaged: true,
      showAbout: noAbout,
    });
    expect(template.map((item) => item.label)).toEqual(['파일', '편집', '보기', '창', '도움말']);
    expect(submenuOf(template, '파일')[0]?.label).toBe(ko.menu.quit);
  });
});

describe('electron locale strings', () => {
  it('has the same keys in English and Korean', () => {
    expect(keysOf(resources.ko.translation.electron)).toEqual(
      keysOf(resources.en.translation.electron),
    );
  });

  it('fills placeholders', () => {
    expect(interpolate('Kubeflow Desktop {{version}}', { version: '1.2.3' })).toBe(
      'Kubeflow Desktop 1.2.3',
    );
  });

  it('leaves unknown placeholders', () => {
    expect(interpolate('{{missing}} left', {})).toBe('{{missing}} left');
  });
});

describe('installApplicationMenu', () => {
  function install(settings: Settings, systemLanguage = 'en-US') {
    const hub = new EventHub();
    const stop = installApplicationMenu({
      settings: { get: () => settings },
      hub,
      systemLanguage,
      log: silentLogger,
    });
    return { hub, stop };
  }

  it('sets the menu in the configured language', () => {
    install({ language: 'ko', theme: 'system' });
    expect(shownTemplate()[0]?.label).toBe('파일');
  });

  it('follows the system language when set to system', () => {
    install({ language: 'system', theme: 'system' }, 'ko-KR');
    expect(shownTemplate()[0]?.label).toBe('파일');
  });

  it('rebuilds when the language setting changes', () => {
    const { hub } = install({ language: 'en', theme: 'system' });
    expect(shownTemplate()[0]?.label).toBe('File');

    hub.emit('settings.changed', { language: 'ko', theme: 'system' });

    expect(electronStub.Menu.setApplicationMenu).toHaveBeenCalledTimes(2);
    expect(shownTemplate()[0]?.label).toBe('파일');
  });

  it('keeps the menu when only the theme changes', () => {
    const { hub } = install({ language: 'en', theme: 'system' });

    hub.emit('settings.changed', { language: 'en', theme: 'dark' });

    expect(electronStub.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('stops following settings after stop', () => {
    const { hub, stop } = install({ language: 'en', theme: 'system' });

    stop();
    hub.emit('settings.changed', { language: 'ko', theme: 'system' });

    expect(electronStub.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('omits developer tools in a packaged app', () => {
    electronStub.app.isPackaged = true;
    install({ language: 'en', theme: 'system' });
    const view = submenuOf(shownTemplate(), 'View');
    expect(roles(view)).not.toContain('toggleDevTools');
  });

  it('shows the version in the about dialog', () => {
    install({ language: 'en', theme: 'system' });
    const about = submenuOf(shownTemplate(), 'Help')[0];

    about?.click?.({} as never, undefined, {} as never);

    expect(electronStub.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Kubeflow Desktop 0.1.0',
        title: 'About Kubeflow Desktop',
      }),
    );
  });
});
