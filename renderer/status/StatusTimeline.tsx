import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';

import type { Transition } from '../../shared/status/schemas';
import { formatFullTime } from '../kube/time-format';
import { phaseColors } from './StatusChip';

export interface StatusTimelineProps {
  transitions: readonly Transition[];
  /** End of the chart, in milliseconds, such as the time from useNow. */
  now: number;
}

interface Segment {
  transition: Transition;
  start: number;
  end: number;
}

/** Splits the time since the first transition into one segment per phase. */
export function timelineSegments(transitions: readonly Transition[], now: number): Segment[] {
  return transitions.map((transition, index) => {
    const start = Date.parse(transition.at);
    const next = transitions[index + 1];
    return { transition, start, end: next ? Date.parse(next.at) : Math.max(now, start) };
  });
}

/** Draws a horizontal bar of the phases an instance went through, coloured like the status chip. */
export function StatusTimeline({ transitions, now }: StatusTimelineProps) {
  const { t, i18n } = useTranslation();
  const theme = useTheme();

  if (transitions.length === 0) {
    return <Typography color="text.secondary">{t('status.panel.noTransitions')}</Typography>;
  }
  const segments = timelineSegments(transitions, now);
  const first = segments[0]!.start;
  const total = Math.max(1, segments.at(-1)!.end - first);
  const colorOf = (phase: Transition['to']) => {
    const name = phaseColors[phase];
    return name === 'default' ? theme.palette.grey[500] : theme.palette[name].main;
  };

  return (
    <Box>
      <Box
        role="img"
        aria-label={t('status.panel.timeline')}
        data-testid="status-timeline"
        sx={{ display: 'flex', height: 16, borderRadius: 1, overflow: 'hidden', minWidth: 200 }}
      >
        {segments.map(({ transition, start, end }) => (
          <Tooltip
            key={`${transition.at}-${transition.name}`}
            title={`${t(`status.phase.${transition.to}`)} · ${formatFullTime(transition.at, i18n.language)}${
              transition.reason ? ` · ${transition.reason}` : ''
            }`}
          >
            <Box
              data-phase={transition.to}
              sx={{
                flexGrow: 0,
                flexShrink: 0,
                // Every phase stays visible, however short.
                flexBasis: `max(4px, ${((end - start) / total) * 100}%)`,
                bgcolor: colorOf(transition.to),
              }}
            />
          </Tooltip>
        ))}
      </Box>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', mt: 0.5 }}>
        <Typography variant="caption" color="text.secondary">
          {formatFullTime(transitions[0]!.at, i18n.language)}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {formatFullTime(new Date(first + total).toISOString(), i18n.language)}
        </Typography>
      </Box>
    </Box>
  );
}
