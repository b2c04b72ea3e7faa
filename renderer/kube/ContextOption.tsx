import CheckIcon from '@mui/icons-material/Check';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { ContextSummary } from '../../shared/contract';
import { SandboxChip } from './SandboxChip';
import { useLocalizedText } from '../app/useLocalizedText';

export interface ContextOptionProps {
  context: ContextSummary;
  active: boolean;
  /** True when another kubeconfig file defines a context of the same name. */
  showSource: boolean;
  sandbox: boolean;
}

export function ContextOption({ context, active, showSource, sandbox }: ContextOptionProps) {
  const { t } = useTranslation();
  const localized = useLocalizedText();

  return (
    <Stack sx={{ minWidth: 0, width: '100%' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography noWrap sx={{ fontWeight: active ? 600 : undefined }}>
          {context.ref.name}
        </Typography>
        {active && <CheckIcon fontSize="small" color="primary" />}
        {sandbox && <SandboxChip />}
        {context.shadowed && (
          <Chip size="small" variant="outlined" label={t('clusters.table.shadowed')} />
        )}
      </Stack>
      {showSource && (
        <Typography variant="caption" color="text.secondary" noWrap>
          {context.ref.source}
        </Typography>
      )}
      {context.invalidReason !== null && (
        <Typography variant="caption" color="error">
          {t('contextSwitcher.invalid', {
            reason: localized(context.invalidText, context.invalidReason),
          })}
        </Typography>
      )}
      {context.shadowed && (
        <Typography variant="caption" color="text.secondary">
          {t('contextSwitcher.shadowed')}
        </Typography>
      )}
    </Stack>
  );
}
