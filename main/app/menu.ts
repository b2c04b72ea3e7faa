import { app, dialog, Menu, type BaseWindow, type MenuItemConstructorOptions } from 'electron';

import type { Settings } from '../../shared/contract';
import { resolveLanguage, resources, type SupportedLanguage } from '../../shared/i18n';
import type { EventHub } from '../ipc/event-hub';
import type { Logger } from '../log';

/** The texts of the Electron shell (menu, about box, startup error) in one language. */
export type ElectronStrings = (typeof resources)['en']['translation']['electron'];

export function electronStrings(language: SupportedLanguage): ElectronStrings {
  return resources[language].translation.electron;
}

/** Fills the `{{name}}` placeholders of a locale string. A placeholder without a value stays as it is. */
export function interpolate(template: string, params: Record<string, string>): string {
  return template.replace(
    /\{\{(\w+)\}\}/g,
    (placeholder, name: string) => params[name] ?? placeholder,
  );
}

export interface MenuTemplateOptions {
  platform: NodeJS.Platform;
  /** Packaged builds have no developer tools item. */
  isPackaged: boolean;
  showAbout: (window: BaseWindow | undefined) => void;
}

/**
 * Builds the application menu: File, Edit, View, Window and Help, with the
 * macOS app menu first on macOS, where About and Quit live by convention.
 */
export function buildMenuTemplate(
  strings: ElectronStrings,
  options: MenuTemplateOptions,
): MenuItemConstructorOptions[] {
  const text = strings.menu;
  const isMac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = {
    label: text.about,
    click: (_item, window) => options.showAbout(window),
  };

  const appMenu: MenuItemConstructorOptions = {
    label: app.name,
    submenu: [
      about,
      { type: 'separator' },
      { role: 'services', label: text.services },
      { type: 'separator' },
      { role: 'hide', label: text.hide },
      { role: 'hideOthers', label: text.hideOthers },
      { role: 'unhide', label: text.unhide },
      { type: 'separator' },
      { role: 'quit', label: text.quit },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: text.file,
    submenu: isMac
      ? [{ role: 'close', label: text.closeWindow }]
      : [{ role: 'quit', label: text.quit }],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: text.edit,
    submenu: [
      { role: 'undo', label: text.undo },
      { role: 'redo', label: text.redo },
      { type: 'separator' },
      { role: 'cut', label: text.cut },
      { role: 'copy', label: text.copy },
      { role: 'paste', label: text.paste },
      ...(isMac ? [{ role: 'pasteAndMatchStyle', label: text.pasteAndMatchStyle } as const] : []),
      { role: 'delete', label: text.delete },
      { type: 'separator' },
      { role: 'selectAll', label: text.selectAll },
    ],
  };

  const developerItems: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ role: 'toggleDevTools', label: text.toggleDevTools }];
  const viewMenu: MenuItemConstructorOptions = {
    label: text.view,
    submenu: [
      { role: 'reload', label: text.reload },
      { role: 'forceReload', label: text.forceReload },
      ...developerItems,
      { type: 'separator' },
      { role: 'resetZoom', label: text.resetZoom },
      { role: 'zoomIn', label: text.zoomIn },
      { role: 'zoomOut', label: text.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: text.toggleFullScreen },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: text.window,
    role: 'window',
    submenu: isMac
      ? [
          { role: 'minimize', label: text.minimize },
          { role: 'zoom', label: text.zoom },
          { type: 'separator' },
          { role: 'front', label: text.front },
        ]
      : [
          { role: 'minimize', label: text.minimize },
          { role: 'close', label: text.closeWindow },
        ],
  };

  // On macOS About is in the app menu, so Help has no item of its own yet.
  const helpMenu: MenuItemConstructorOptions = {
    label: text.help,
    role: 'help',
    submenu: isMac ? [] : [about],
  };

  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

function showAboutDialog(
  strings: ElectronStrings,
  window: BaseWindow | undefined,
  log: Logger,
): void {
  const text = strings.about;
  const options = {
    type: 'info' as const,
    title: text.title,
    message: interpolate(text.message, { version: app.getVersion() }),
    detail: interpolate(text.detail, {
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
    }),
    buttons: [text.ok],
  };
  const dialogResult = window
    ? dialog.showMessageBox(window, options)
    : dialog.showMessageBox(options);
  dialogResult.catch((error: unknown) =>
    log.error('failed to show the about dialog', { error: String(error) }),
  );
}

export interface ApplicationMenuOptions {
  settings: { get(): Settings };
  hub: EventHub;
  /** The OS language, used when the language setting is "system". */
  systemLanguage: string;
  log: Logger;
}

/**
 * Sets the application menu in the current language and rebuilds it whenever
 * the language setting changes. Returns the function that stops listening for
 * setting changes.
 */
export function installApplicationMenu(options: ApplicationMenuOptions): () => void {
  const { settings, hub, systemLanguage, log } = options;
  let menuLanguage: SupportedLanguage | null = null;

  function apply(language: SupportedLanguage): void {
    if (language === menuLanguage) return;
    const strings = electronStrings(language);
    const template = buildMenuTemplate(strings, {
      platform: process.platform,
      isPackaged: app.isPackaged,
      showAbout: (window) => showAboutDialog(strings, window, log),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    menuLanguage = language;
    log.debug('set the application menu', { language });
  }

  apply(resolveLanguage(settings.get().language, systemLanguage));

  return hub.subscribe((event, payload) => {
    if (event !== 'settings.changed') return;
    const { language } = payload as Settings;
    apply(resolveLanguage(language, systemLanguage));
  });
}
