import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { parseInstanceKey } from '../../shared/provision/instance-key';
import { PageHeading } from '../app/PageHeading';
import { OfflineBanner } from '../offline/OfflineBanner';
import { useErrorMessage } from '../app/useErrorMessage';
import { InstancePicker } from './InstancePicker';
import { OwnersTab } from './OwnersTab';
import { ProfilesTab } from './ProfilesTab';
import { useAccessStore } from './useAccessStore';

type AccessTab = 'owners' | 'users' | 'groups';

export function AccessPage() {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const instances = useAccessStore((state) => state.instances);
  const overview = useAccessStore((state) => state.overview);
  const loading = useAccessStore((state) => state.loading);
  const error = useAccessStore((state) => state.error);
  const refresh = useAccessStore((state) => state.refresh);
  const [tab, setTab] = useState<AccessTab>('users');
  const [search, setSearch] = useState('');

  return (
    <>
      <PageHeading>{t('access.title')}</PageHeading>
      <OfflineBanner
        contextId={overview ? (parseInstanceKey(overview.instanceKey)?.contextId ?? null) : null}
        asOf={overview?.asOf ?? null}
      />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('accessPage.description')}
      </Typography>
      <Stack spacing={2}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <InstancePicker />
          <TextField
            size="small"
            label={t('accessPage.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            sx={{ minWidth: 280 }}
          />
        </Stack>
        {instances !== null && instances.length === 0 && (
          <Alert severity="info">{t('accessPage.noInstances')}</Alert>
        )}
        {loading && <LinearProgress />}
        {error && <Alert severity="error">{formatError(error)}</Alert>}
        {overview && !overview.profileCrd && (
          <Alert severity="warning" data-testid="no-profile-crd">
            {t('accessPage.noProfileCrd')}
          </Alert>
        )}
        {overview && (
          <>
            <Tabs value={tab} onChange={(_, value: AccessTab) => setTab(value)}>
              <Tab
                value="owners"
                label={t('accessPage.tabs.owners', { count: overview.owners.length })}
              />
              <Tab
                value="users"
                label={t('accessPage.tabs.usersCount', { count: overview.users.length })}
              />
              <Tab
                value="groups"
                label={t('accessPage.tabs.groupsCount', { count: overview.groups.length })}
              />
            </Tabs>
            {tab === 'owners' && <OwnersTab overview={overview} onChanged={refresh} />}
            {tab === 'users' && (
              <ProfilesTab kind="user" overview={overview} search={search} onChanged={refresh} />
            )}
            {tab === 'groups' && (
              <ProfilesTab kind="group" overview={overview} search={search} onChanged={refresh} />
            )}
          </>
        )}
      </Stack>
    </>
  );
}
