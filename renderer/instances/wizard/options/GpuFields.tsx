import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

import type { ClusterFacts } from '../../../../shared/contract/areas/instance-options';
import { poolOfSelector, type GpuPoolInput } from './form-value';

export interface GpuFieldsProps {
  facts: ClusterFacts | null;
  value: GpuPoolInput;
  onChange(value: GpuPoolInput): void;
  fieldError(path: string): string | undefined;
}

/** GPU count or MIG profile of the workloads placed on the GPU pool. */
export function GpuFields({ facts, value, onChange, fieldError }: GpuFieldsProps) {
  const { t } = useTranslation();
  const offered = poolOfSelector(facts, value.nodeSelector)?.migProfiles ?? [];
  const count =
    value.gpuCount === null || value.gpuCount === undefined ? '' : String(value.gpuCount);
  const countError = fieldError('nodePlacement.gpu.gpuCount');
  const migError = fieldError('nodePlacement.gpu.migProfile');

  const changeCount = (text: string) => {
    const trimmed = text.trim();
    // A non-numeric entry is kept as text, so the schema names it in its message.
    const parsed = /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    onChange({ ...value, gpuCount: trimmed === '' ? null : parsed });
  };

  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      <TextField
        label={t('instanceOptions.placement.gpuCountLabel')}
        value={count}
        onChange={(event) => changeCount(event.target.value)}
        error={Boolean(countError)}
        helperText={countError ?? t('instanceOptions.placement.gpuCountHelp')}
        slotProps={{
          htmlInput: {
            'data-testid': 'gpu-count',
            name: 'nodePlacement.gpu.gpuCount',
            inputMode: 'numeric',
          },
        }}
        sx={{ flex: 1 }}
      />
      <TextField
        label={t('instanceOptions.placement.migLabel')}
        value={value.migProfile ?? ''}
        onChange={(event) => onChange({ ...value, migProfile: event.target.value.trim() || null })}
        error={Boolean(migError)}
        helperText={
          migError ??
          (offered.length > 0
            ? t('instanceOptions.placement.migOffered', { profiles: offered.join(', ') })
            : t('instanceOptions.placement.migHelp'))
        }
        slotProps={{
          htmlInput: {
            'data-testid': 'gpu-mig',
            name: 'nodePlacement.gpu.migProfile',
            spellCheck: false,
          },
        }}
        sx={{ flex: 1 }}
      />
    </Stack>
  );
}
