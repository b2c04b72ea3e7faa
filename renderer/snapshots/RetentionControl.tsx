import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useStores } from '../app/stores-context';
import { formatBytes } from './format-bytes';

export interface RetentionControlProps {
  retention: number;
  storeBytes: number;
  /** Called after the retention was saved, to reload the list (older snapshots may be gone). */
  onSaved(): void;
}

/** Sets how many snapshots each instance keeps, and shows the size of the snapshot store. */
export function RetentionControl({ retention, storeBytes, onSaved }: RetentionControlProps) {
  const { t, i18n } = useTranslation();
  const { bridge, errors } = useStores();
  // What the user typed, or null to show the saved retention.
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = draft ?? String(retention);

  const parsed = Number(value);
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= 1000;

  const save = async () => {
    setBusy(true);
    try {
      await bridge.call('snapshots.setRetention', { perInstance: parsed });
      setDraft(null);
      onSaved();
    } catch (error) {
      errors.getState().report(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <TextField
        size="small"
        type="number"
        label={t('snapshots.retention.label')}
        value={value}
        onChange={(event) => setDraft(event.target.value)}
        error={!valid}
        helperText={valid ? t('snapshots.retention.help') : t('snapshots.retention.invalid')}
        slotProps={{ htmlInput: { min: 1, max: 1000 } }}
        sx={{ width: 220 }}
      />
      <Button onClick={() => void save()} disabled={busy || !valid || parsed === retention}>
        {t('snapshots.retention.save')}
      </Button>
      <Typography variant="body2" color="text.secondary" data-testid="store-size">
        {t('snapshots.storeSize', { size: formatBytes(storeBytes, i18n.language) })}
      </Typography>
    </Stack>
  );
}
