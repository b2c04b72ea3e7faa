import { Notification } from 'electron';

import { localeFiles, type SupportedLanguage } from '../../shared/i18n';
import type { Logger } from '../log';
import type { StatusService, TransitionNotice } from '../status/status-service';
import { interpolate } from './menu';

/** Phases that the user hears about through a desktop notification. */
const notifiedPhases = new Set(['Active', 'Failed', 'Expired'] as const);
type NotifiedPhase = 'Active' | 'Failed' | 'Expired';

export interface NotificationText {
  title: string;
  body: string;
}

/**
 * Returns the text of the notification for a transition, or null when the
 * transition is not worth one: only entering Active, Failed or Expired is,
 * and the first sight of an instance (at start-up) is not.
 */
export function notificationText(
  notice: TransitionNotice,
  language: SupportedLanguage,
  contextName: string,
): NotificationText | null {
  const { transition, status } = notice;
  if (transition.name === 'observed') return null;
  if (!notifiedPhases.has(transition.to as NotifiedPhase)) return null;
  const text = localeFiles[language].status.status.notification;
  const params = { name: status.name, cluster: contextName, reason: transition.reason ?? '' };
  const title = interpolate(text[transition.to as NotifiedPhase], params);
  const body =
    transition.to === 'Active' || !transition.reason
      ? interpolate(text.bodyActive, params)
      : interpolate(text.bodyWithReason, params);
  return { title, body };
}

export interface StatusNotificationOptions {
  /** The language of the texts, read when a notification is shown. */
  language: () => SupportedLanguage;
  /** Name of a context for the text, such as sandbox-admin. */
  contextName: (contextId: string) => string;
  /** Called when the user clicks a notification, with the instance key (to open its detail). */
  onClick?: (key: string) => void;
  log: Logger;
}

/**
 * Shows a desktop notification when an instance becomes Active, Failed or
 * Expired. Returns the function that stops the notifications.
 */
export function startStatusNotifications(
  service: Pick<StatusService, 'onTransition'>,
  options: StatusNotificationOptions,
): () => void {
  if (!Notification.isSupported()) {
    options.log.info('desktop notifications are not supported on this system');
    return () => {};
  }
  return service.onTransition((notice) => {
    const text = notificationText(
      notice,
      options.language(),
      options.contextName(notice.status.contextId),
    );
    if (!text) return;
    try {
      const notification = new Notification({ title: text.title, body: text.body });
      notification.on('click', () => options.onClick?.(notice.key));
      notification.show();
    } catch (error) {
      options.log.warn('failed to show a desktop notification', {
        key: notice.key,
        error: String(error),
      });
    }
  });
}
