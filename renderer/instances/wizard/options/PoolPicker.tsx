import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ClusterFacts } from '../../../../shared/contract/areas/instance-options';
import type { NodePoolName } from '../../../../shared/provision/options';
import { poolKey, poolOfSelector, tolerationsFor, type PoolInput } from './form-value';

export interface PoolPickerProps {
  name: NodePoolName;
  facts: ClusterFacts | null;
  value: PoolInput | null;
  onChange(value: PoolInput | null): void;
  error?: string;
}

function manualText(value: PoolInput | null): string {
  return Object.entries(value?.nodeSelector ?? {})
    .map(([key, label]) => `${key}=${label}`)
    .join(',');
}

/**
 * Picks the node pool of one kind of workload from the pools the cluster
 * has; without known pools, takes a node label as key=value.
 */
export function PoolPicker({ name, facts, value, onChange, error }: PoolPickerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => manualText(value));
  const [draftInvalid, setDraftInvalid] = useState(false);
  const label = t(`instanceOptions.placement.pool.${name}`);
  const help = t(`instanceOptions.placement.poolHelp.${name}`);
  const testId = `pool-${name}`;

  if (!facts || facts.pools.length === 0) {
    const change = (text: string) => {
      setDraft(text);
      const trimmed = text.trim();
      if (trimmed === '') {
        setDraftInvalid(false);
        onChange(null);
        return;
      }
      const equals = trimmed.indexOf('=');
      if (equals <= 0) {
        setDraftInvalid(true);
        return;
      }
      setDraftInvalid(false);
      onChange({
        ...(value ?? {}),
        nodeSelector: { [trimmed.slice(0, equals)]: trimmed.slice(equals + 1) },
        tolerations: [],
      });
    };
    const invalid = draftInvalid
      ? t('instanceOptions.placement.manualInvalid', { value: draft })
      : undefined;
    return (
      <TextField
        fullWidth
        label={label}
        placeholder="kubeflow-desktop.io/pool=worker"
        value={draft}
        onChange={(event) => change(event.target.value)}
        error={Boolean(invalid ?? error)}
        helperText={invalid ?? error ?? `${help} ${t('instanceOptions.placement.manualHelp')}`}
        slotProps={{
          htmlInput: { 'data-testid': testId, name: `nodePlacement.${name}`, spellCheck: false },
        }}
      />
    );
  }

  const selected = poolOfSelector(facts, value?.nodeSelector);
  const choose = (key: string) => {
    const pool = facts.pools.find((candidate) => poolKey(candidate.label, candidate.value) === key);
    if (!pool) {
      onChange(null);
      return;
    }
    onChange({
      ...(value ?? {}),
      nodeSelector: { [pool.label]: pool.value },
      tolerations: tolerationsFor(pool),
    });
  };
  const taints =
    selected?.taints.map(
      (taint) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`,
    ) ?? [];

  return (
    <Stack spacing={0.5}>
      <TextField
        select
        fullWidth
        label={label}
        value={selected ? poolKey(selected.label, selected.value) : ''}
        onChange={(event) => choose(event.target.value)}
        error={Boolean(error)}
        helperText={error ?? help}
        slotProps={{
          htmlInput: { 'data-testid': testId },
          select: { displayEmpty: true },
          inputLabel: { shrink: true },
        }}
      >
        <MenuItem value="">{t('instanceOptions.placement.none')}</MenuItem>
        {facts.pools.map((pool) => (
          <MenuItem key={poolKey(pool.label, pool.value)} value={poolKey(pool.label, pool.value)}>
            {pool.gpuCount > 0
              ? t('instanceOptions.placement.poolOptionGpu', {
                  label: pool.label,
                  value: pool.value,
                  count: pool.nodeCount,
                  gpus: pool.gpuCount,
                })
              : t('instanceOptions.placement.poolOption', {
                  label: pool.label,
                  value: pool.value,
                  count: pool.nodeCount,
                })}
          </MenuItem>
        ))}
      </TextField>
      {taints.length > 0 && (
        <Typography variant="caption" color="text.secondary">
          {t('instanceOptions.placement.tolerations', { taints: taints.join(', ') })}
        </Typography>
      )}
    </Stack>
  );
}
