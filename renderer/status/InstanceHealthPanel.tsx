import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { parseInstanceKey } from '../../shared/provision/instance-key';
import type {
  ComponentStatus,
  Fault,
  InstanceStatusView,
  WarningEvent,
} from '../../shared/status/schemas';
import { formatFullTime } from '../kube/time-format';
import { useNow } from '../kube/useNow';
import { componentName } from './component-name';
import { HealthChip } from './HealthChip';
import { StatusChip } from './StatusChip';
import { StatusTimeline } from './StatusTimeline';
import { useInstanceStatus, useStatusStore, useStatusStoreApi } from './useStatusStore';

export interface InstanceHealthPanelProps {
  instanceKey: string;
}

const describeRef = (ref: Fault['ref']) =>
  ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;

/**
 * Shows the live health of one instance on its detail page: phase and reason,
 * the status timeline, each component's catalog and running versions with
 * drift, the objects at fault per unhealthy component and the recent
 * Warning events.
 */
export function InstanceHealthPanel({ instanceKey }: InstanceHealthPanelProps) {
  const { t, i18n } = useTranslation();
  const status = useInstanceStatus(instanceKey);
  const loaded = useStatusStore((state) => state.loaded);
  const transitions = useStatusStore((state) => state.history[instanceKey]);
  const store = useStatusStoreApi();
  const [refreshing, setRefreshing] = useState(false);
  const now = useNow(10_000);

  useEffect(() => {
    void store.getState().loadHistory(instanceKey);
  }, [store, instanceKey]);

  const refresh = async () => {
    const parts = parseInstanceKey(instanceKey);
    if (!parts) return;
    setRefreshing(true);
    try {
      await store.getState().refresh(parts.contextId);
      await store.getState().loadHistory(instanceKey);
    } finally {
      setRefreshing(false);
    }
  };

  const refreshButton = (
    <Button
      size="small"
      onClick={() => void refresh()}
      disabled={refreshing}
      data-testid="status-refresh"
    >
      {t('status.panel.refresh')}
    </Button>
  );

  if (!status) {
    return (
      <Box data-testid="instance-health-panel">
        <Typography variant="h6" component="h2">
          {t('status.panel.title')}
        </Typography>
        <Alert severity="info" action={refreshButton}>
          {loaded ? t('status.panel.notObserved') : t('status.panel.loading')}
        </Alert>
      </Box>
    );
  }

  return (
    <Stack spacing={2} data-testid="instance-health-panel">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2">
          {t('status.panel.title')}
        </Typography>
        <StatusChip phase={status.phase} unreachableSince={status.unreachableSince} />
        <Typography variant="body2" color="text.secondary">
          {t('status.since', { time: formatFullTime(status.since, i18n.language) })}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        {refreshButton}
      </Stack>
      {status.unreachableSince && (
        <Alert severity="warning">
          {t('status.unreachableSince', {
            time: formatFullTime(status.unreachableSince, i18n.language),
          })}
        </Alert>
      )}
      {status.reason && (
        <Typography variant="body2" data-testid="status-reason">
          {t('status.panel.reason', { reason: status.reason })}
        </Typography>
      )}

      <Box>
        <Typography variant="subtitle1" component="h3">
          {t('status.panel.timeline')}
        </Typography>
        <StatusTimeline transitions={transitions ?? []} now={now} />
      </Box>

      <ComponentTable components={status.components.filter((component) => component.objects > 0)} />
      <FaultList status={status} />
      <EventTable events={status.events} />
    </Stack>
  );
}

function ComponentTable({ components }: { components: ComponentStatus[] }) {
  const { t } = useTranslation();
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        {t('status.panel.components')}
      </Typography>
      <Table size="small" data-testid="status-components">
        <TableHead>
          <TableRow>
            <TableCell>{t('status.panel.component')}</TableCell>
            <TableCell>{t('status.panel.expectedVersion')}</TableCell>
            <TableCell>{t('status.panel.observedVersion')}</TableCell>
            <TableCell>{t('status.panel.health')}</TableCell>
            <TableCell>{t('status.panel.detail')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {components.map((component) => (
            <TableRow key={component.id} data-component={component.id}>
              <TableCell>{componentName(t, component.id)}</TableCell>
              <TableCell>{component.expectedVersion ?? '—'}</TableCell>
              <TableCell>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <span>{component.observedVersion ?? t('status.panel.notRunning')}</span>
                  {component.drift.length > 0 && (
                    <Chip
                      size="small"
                      color="warning"
                      variant="outlined"
                      label={t('status.panel.drift', { images: component.drift.join(', ') })}
                      data-testid="status-drift"
                    />
                  )}
                </Stack>
              </TableCell>
              <TableCell>
                <HealthChip health={component.health} />
              </TableCell>
              <TableCell sx={{ wordBreak: 'break-word' }}>{component.reason ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function FaultList({ status }: { status: InstanceStatusView }) {
  const { t } = useTranslation();
  if (status.faults.length === 0) return null;
  const byComponent = new Map<string, Fault[]>();
  for (const fault of status.faults) {
    byComponent.set(fault.component, [...(byComponent.get(fault.component) ?? []), fault]);
  }
  return (
    <Box data-testid="status-faults">
      <Typography variant="subtitle1" component="h3">
        {t('status.panel.faults')}
      </Typography>
      {[...byComponent].map(([component, faults]) => (
        <Box key={component} sx={{ mb: 1 }}>
          <Typography variant="subtitle2">
            {t('status.panel.faultsOf', { component: componentName(t, component) })}
          </Typography>
          {faults.map((fault) => (
            <Stack
              key={describeRef(fault.ref)}
              direction="row"
              spacing={1}
              sx={{ alignItems: 'center', py: 0.25 }}
            >
              <HealthChip health={fault.health} />
              <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                {describeRef(fault.ref)}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-word' }}>
                {fault.reason}
              </Typography>
            </Stack>
          ))}
        </Box>
      ))}
    </Box>
  );
}

function EventTable({ events }: { events: WarningEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        {t('status.panel.events')}
      </Typography>
      {events.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('status.panel.noEvents')}
        </Typography>
      ) : (
        <Table size="small" data-testid="status-events">
          <TableHead>
            <TableRow>
              <TableCell>{t('status.panel.eventObject')}</TableCell>
              <TableCell>{t('status.panel.eventReason')}</TableCell>
              <TableCell>{t('status.panel.eventMessage')}</TableCell>
              <TableCell>{t('status.panel.eventCount')}</TableCell>
              <TableCell>{t('status.panel.eventLastSeen')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.map((event) => (
              <TableRow key={`${describeRef(event.ref)}-${event.reason}-${event.lastSeen}`}>
                <TableCell sx={{ fontFamily: 'monospace' }}>{describeRef(event.ref)}</TableCell>
                <TableCell>{event.reason}</TableCell>
                <TableCell sx={{ wordBreak: 'break-word' }}>{event.message}</TableCell>
                <TableCell>{event.count}</TableCell>
                <TableCell>{formatFullTime(event.lastSeen, i18n.language)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
