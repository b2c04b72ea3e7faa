import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

import type { ClusterFacts } from '../../../../shared/contract/areas/instance-options';

export interface StorageClassFieldProps {
  facts: ClusterFacts | null;
  value: string | null;
  onChange(value: string | null): void;
  error?: string;
}

/** Default StorageClass of the instance's volumes, picked from the cluster's classes. */
export function StorageClassField({ facts, value, onChange, error }: StorageClassFieldProps) {
  const { t } = useTranslation();
  const label = t('instanceOptions.storage.label');

  if (!facts || facts.storageClasses.length === 0) {
    return (
      <TextField
        fullWidth
        label={label}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value.trim() || null)}
        error={Boolean(error)}
        helperText={error ?? t('instanceOptions.storage.manualHelp')}
        slotProps={{
          htmlInput: { 'data-testid': 'storage-class', name: 'storageClass', spellCheck: false },
        }}
      />
    );
  }

  const clusterDefault = facts.defaultStorageClass
    ? t('instanceOptions.storage.clusterDefault', { name: facts.defaultStorageClass })
    : t('instanceOptions.storage.clusterNoDefault');
  return (
    <TextField
      select
      fullWidth
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || null)}
      error={Boolean(error)}
      helperText={error ?? t('instanceOptions.storage.help')}
      slotProps={{
        htmlInput: { 'data-testid': 'storage-class' },
        select: { displayEmpty: true },
        inputLabel: { shrink: true },
      }}
    >
      <MenuItem value="">{clusterDefault}</MenuItem>
      {facts.storageClasses.map((entry) => (
        <MenuItem key={entry.name} value={entry.name}>
          {`${entry.name} (${entry.provisioner})`}
        </MenuItem>
      ))}
    </TextField>
  );
}
