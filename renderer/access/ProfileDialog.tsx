import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isValidEmail, isValidNamespaceName, suggestNamespace } from '../../shared/access/rules';
import type { AccessOverview, Quota } from '../../shared/contract/areas/access';
import { useStores } from '../app/stores-context';
import { FormDialog } from './FormDialog';

export interface ProfileDialogProps {
  kind: 'user' | 'group';
  overview: AccessOverview;
  open: boolean;
  onClose(): void;
  onChanged(): Promise<void>;
}

const emptyQuota: Quota = { cpu: null, memory: null, gpu: null, storage: null };

/** Creates a user (a Profile owned by the email) or a group (a shared Profile), with namespace, quota and storage class. */
export function ProfileDialog({ kind, overview, open, onClose, onChanged }: ProfileDialogProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const prefix = kind === 'user' ? overview.prefixes.user : overview.prefixes.group;
  const [name, setName] = useState('');
  const [namespace, setNamespace] = useState<string | null>(null);
  const [quota, setQuota] = useState<Quota>(emptyQuota);
  const [storageClass, setStorageClass] = useState('');

  const effectiveNamespace = namespace ?? suggestNamespace(prefix, name);
  const nameValid = kind === 'user' ? isValidEmail(name.trim()) : name.trim().length > 0;
  const namespaceValid = isValidNamespaceName(effectiveNamespace);

  const reset = () => {
    setName('');
    setNamespace(null);
    setQuota(emptyQuota);
    setStorageClass('');
    onClose();
  };
  const quotaField = (field: keyof Quota) => (
    <TextField
      size="small"
      label={t(`accessPage.quota.${field}`)}
      value={quota[field] ?? ''}
      onChange={(event) => setQuota({ ...quota, [field]: event.target.value.trim() || null })}
      placeholder={t(`accessPage.quota.${field}Placeholder`)}
    />
  );

  return (
    <FormDialog
      open={open}
      title={t(kind === 'user' ? 'accessPage.users.add' : 'accessPage.groups.add')}
      submitLabel={t('accessPage.create')}
      invalid={!nameValid || !namespaceValid}
      onClose={reset}
      onSubmit={async () => {
        const common = {
          instanceKey: overview.instanceKey,
          namespace: effectiveNamespace,
          quota,
          storageClass: storageClass.trim() || null,
        };
        if (kind === 'user')
          await bridge.call('access.createUser', { ...common, email: name.trim() });
        else await bridge.call('access.createGroup', { ...common, displayName: name.trim() });
        await onChanged();
      }}
    >
      <TextField
        autoFocus
        label={t(kind === 'user' ? 'accessPage.email' : 'accessPage.groups.name')}
        value={name}
        onChange={(event) => setName(event.target.value)}
        // The message appears once something is typed, so an empty field is not an error yet.
        error={kind === 'user' && name.trim() !== '' && !nameValid}
        helperText={
          kind === 'user' && name.trim() !== '' && !nameValid
            ? t('errors.emailInvalid', { email: name.trim() })
            : ' '
        }
        slotProps={{ htmlInput: { 'data-testid': 'profile-name' } }}
      />
      <TextField
        label={t('accessPage.namespace')}
        value={effectiveNamespace}
        error={name !== '' && !namespaceValid}
        helperText={
          name !== '' && !namespaceValid
            ? t('accessPage.namespaceInvalid')
            : t('accessPage.namespaceHelp', { prefix })
        }
        onChange={(event) => setNamespace(event.target.value)}
      />
      <Stack direction="row" spacing={1}>
        {quotaField('cpu')}
        {quotaField('memory')}
        {quotaField('gpu')}
        {quotaField('storage')}
      </Stack>
      <TextField
        size="small"
        label={t('accessPage.storageClass')}
        value={storageClass}
        onChange={(event) => setStorageClass(event.target.value)}
      />
    </FormDialog>
  );
}
