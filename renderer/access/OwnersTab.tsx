import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isValidEmail } from '../../shared/access/rules';
import type { AccessOverview } from '../../shared/contract/areas/access';
import { maxOwners } from '../../shared/provision/instance';
import { useStores } from '../app/stores-context';
import { FormDialog } from './FormDialog';

export interface OwnersTabProps {
  overview: AccessOverview;
  onChanged(): Promise<void>;
}

/** Instance owners: each is in the instance record and bound cluster-wide to the Owner column's ClusterRole. */
export function OwnersTab({ overview, onChanged }: OwnersTabProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const last = overview.owners.length <= 1;

  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">{t('accessPage.owners.description')}</Typography>
      <Stack direction="row">
        <Button
          variant="contained"
          disabled={overview.owners.length >= maxOwners}
          onClick={() => setAdding(true)}
        >
          {t('accessPage.owners.add')}
        </Button>
      </Stack>
      <Paper variant="outlined">
        {overview.owners.map((owner) => (
          <Stack
            key={owner.email}
            direction="row"
            spacing={2}
            sx={{ alignItems: 'center', px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}
            data-testid="owner-row"
          >
            <Typography sx={{ flex: 1 }}>{owner.email}</Typography>
            <Chip
              size="small"
              color={owner.bound ? 'success' : 'warning'}
              label={owner.bound ? t('accessPage.owners.bound') : t('accessPage.owners.unbound')}
            />
            <Tooltip title={last ? t('accessPage.owners.lastOwner') : ''}>
              <span>
                <Button color="error" disabled={last} onClick={() => setRemoving(owner.email)}>
                  {t('accessPage.remove')}
                </Button>
              </span>
            </Tooltip>
          </Stack>
        ))}
      </Paper>

      <FormDialog
        open={adding}
        title={t('accessPage.owners.add')}
        submitLabel={t('accessPage.add')}
        invalid={!isValidEmail(email.trim())}
        onClose={() => {
          setAdding(false);
          setEmail('');
        }}
        onSubmit={async () => {
          await bridge.call('access.addOwner', {
            instanceKey: overview.instanceKey,
            email: email.trim(),
          });
          await onChanged();
        }}
      >
        <TextField
          autoFocus
          label={t('accessPage.email')}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </FormDialog>
      <FormDialog
        open={removing !== null}
        danger
        title={t('accessPage.owners.removeTitle', { email: removing ?? '' })}
        submitLabel={t('accessPage.remove')}
        onClose={() => setRemoving(null)}
        onSubmit={async () => {
          await bridge.call('access.removeOwner', {
            instanceKey: overview.instanceKey,
            email: removing ?? '',
          });
          await onChanged();
        }}
      >
        <Typography>{t('accessPage.owners.removeBody')}</Typography>
      </FormDialog>
    </Stack>
  );
}
