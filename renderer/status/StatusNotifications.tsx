import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { InstanceStatusView } from '../../shared/status/schemas';
import { contextNameOf } from './context-name';
import { useStatusStore, useStatusStoreApi } from './useStatusStore';

const notifiedPhases = new Set<InstanceStatusView['phase']>(['Active', 'Failed', 'Expired']);

interface Notice {
  id: number;
  title: string;
  body: string;
  severity: 'success' | 'error';
}

/** Returns whether a status change deserves a notice: the phase changed to Active, Failed or Expired. */
export function isNotifiable(
  status: InstanceStatusView,
  previous: InstanceStatusView | undefined,
): boolean {
  return (
    previous !== undefined && previous.phase !== status.phase && notifiedPhases.has(status.phase)
  );
}

/**
 * Tells the user when an instance becomes Active, Failed or Expired: with a
 * system notification where the browser's Notification API is permitted,
 * otherwise with a notice in the app. The Electron shell notifies from the
 * main process instead, so this component belongs in the web shell only.
 */
export function StatusNotifications() {
  const { t } = useTranslation();
  const store = useStatusStoreApi();
  // Keeps the store subscribed while mounted.
  useStatusStore((state) => state.loaded);
  const [notices, setNotices] = useState<Notice[]>([]);

  useEffect(() => {
    let counter = 0;
    return store.onChange((status, previous) => {
      if (!isNotifiable(status, previous)) return;
      const title = t(`status.notification.${status.phase}`, { name: status.name });
      const body =
        status.phase === 'Active' || !status.reason
          ? t('status.notification.bodyActive', {
              name: status.name,
              cluster: contextNameOf(status.contextId),
            })
          : t('status.notification.bodyWithReason', { reason: status.reason });

      const api = typeof window !== 'undefined' ? window.Notification : undefined;
      if (api?.permission === 'granted') {
        new api(title, { body, tag: status.key });
        return;
      }
      if (api?.permission === 'default') void api.requestPermission().catch(() => 'denied');
      counter += 1;
      const severity = status.phase === 'Active' ? 'success' : 'error';
      setNotices((current) => [...current, { id: counter, title, body, severity }]);
    });
  }, [store, t]);

  const current = notices[0];
  const close = () => setNotices((list) => list.slice(1));
  return (
    <Snackbar
      open={current !== undefined}
      autoHideDuration={8_000}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') close();
      }}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
    >
      {current ? (
        <Alert
          severity={current.severity}
          onClose={close}
          data-testid="status-notice"
          sx={{ maxWidth: 480 }}
        >
          <strong>{current.title}</strong>
          <div>{current.body}</div>
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
