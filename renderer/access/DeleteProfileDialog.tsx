import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ProfileRow } from '../../shared/contract/areas/access';
import { useStores } from '../app/stores-context';
import { FormDialog } from './FormDialog';

export interface DeleteProfileDialogProps {
  instanceKey: string;
  profile: ProfileRow | null;
  onClose(): void;
  onChanged(): Promise<void>;
}

/** Deletes a user or group and asks whether its namespace stays or goes with it. */
export function DeleteProfileDialog({
  instanceKey,
  profile,
  onClose,
  onChanged,
}: DeleteProfileDialogProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const [keep, setKeep] = useState<'keep' | 'delete'>('keep');

  return (
    <FormDialog
      open={profile !== null}
      danger
      title={t('accessPage.deleteTitle', { name: profile?.displayName ?? '' })}
      submitLabel={t('accessPage.delete')}
      onClose={onClose}
      onSubmit={async () => {
        if (!profile) return;
        await bridge.call('access.deleteProfile', {
          instanceKey,
          profile: profile.name,
          keepNamespace: keep === 'keep',
        });
        await onChanged();
      }}
    >
      <Typography>
        {t('accessPage.deleteNamespaceQuestion', { namespace: profile?.name ?? '' })}
      </Typography>
      <RadioGroup
        value={keep}
        onChange={(event) => setKeep(event.target.value as 'keep' | 'delete')}
      >
        <FormControlLabel value="keep" control={<Radio />} label={t('accessPage.keepNamespace')} />
        <FormControlLabel
          value="delete"
          control={<Radio />}
          label={t('accessPage.deleteNamespace')}
        />
      </RadioGroup>
    </FormDialog>
  );
}
