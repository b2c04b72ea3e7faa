import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { BreakableText } from './BreakableText';
import { CheckedAtText } from './CheckedAtText';
import { CheckStatusChip } from './CheckStatusChip';
import type { ContextRow } from './context-rows';
import { SandboxChip } from './SandboxChip';
import { useLocalizedText } from '../app/useLocalizedText';

export interface ContextRowViewProps {
  row: ContextRow;
  active: boolean;
  selected: boolean;
  sandbox: boolean;
  running: boolean;
  onSelect(contextId: string): void;
}

const nowrap = { whiteSpace: 'nowrap' } as const;

/** Renders one context of the clusters table. A click, Enter or Space selects it for the detail panel. */
export function ContextRowView({
  row,
  active,
  selected,
  sandbox,
  running,
  onSelect,
}: ContextRowViewProps) {
  const { t } = useTranslation();
  const localized = useLocalizedText();
  const { context, check, status } = row;
  const empty = t('clusters.table.noValue');

  return (
    <TableRow
      hover
      selected={selected}
      aria-selected={selected}
      tabIndex={0}
      data-context-id={context.id}
      onClick={() => onSelect(context.id)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        onSelect(context.id);
      }}
      sx={{ cursor: 'pointer' }}
    >
      <TableCell>
        <Stack direction="row" useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 0.5 }}>
          <Typography variant="body2" sx={{ fontWeight: 600, mr: 0.5 }}>
            {context.ref.name}
          </Typography>
          {active && <Chip size="small" color="primary" label={t('clusters.table.active')} />}
          {sandbox && <SandboxChip />}
          {context.shadowed && (
            <Tooltip title={t('clusters.table.shadowedHint')}>
              <Chip
                size="small"
                variant="outlined"
                label={t('clusters.table.shadowed')}
                data-testid="shadowed-chip"
              />
            </Tooltip>
          )}
        </Stack>
      </TableCell>
      <TableCell sx={{ minWidth: 100, maxWidth: 170 }}>
        <BreakableText text={context.ref.source} />
      </TableCell>
      <TableCell sx={{ minWidth: 80 }}>{context.cluster}</TableCell>
      <TableCell sx={{ minWidth: 100, maxWidth: 170 }}>
        {context.server === null ? t('common.notSet') : <BreakableText text={context.server} />}
      </TableCell>
      <TableCell sx={{ minWidth: 80 }}>{context.user}</TableCell>
      <TableCell sx={{ minWidth: 72 }}>
        {context.namespace ?? (
          <Tooltip title={t('clusters.table.namespaceUnsetHint')}>
            <Typography variant="body2" color="text.secondary" component="span">
              {t('clusters.table.namespaceUnset')}
            </Typography>
          </Tooltip>
        )}
      </TableCell>
      <TableCell sx={{ minWidth: 80 }}>{t(`clusters.authKind.${context.authKind}`)}</TableCell>
      <TableCell>
        <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
          <CheckStatusChip status={status} running={running} />
          {context.invalidReason !== null && (
            <Typography variant="caption" color="error" data-testid="invalid-reason">
              {localized(context.invalidText, context.invalidReason)}
            </Typography>
          )}
        </Stack>
      </TableCell>
      <TableCell sx={nowrap}>{check?.serverVersion ?? empty}</TableCell>
      <TableCell align="right" sx={nowrap}>
        {check?.latencyMs != null
          ? t('clusters.detail.latencyValue', { milliseconds: Math.round(check.latencyMs) })
          : empty}
      </TableCell>
      <TableCell>{check ? <CheckedAtText checkedAt={check.checkedAt} /> : empty}</TableCell>
    </TableRow>
  );
}
