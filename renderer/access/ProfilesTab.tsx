import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isValidEmail } from '../../shared/access/rules';
import type { AccessOverview, ProfileRow } from '../../shared/contract/areas/access';
import { useStores } from '../app/stores-context';
import { AccessStatusChip } from './AccessStatusChip';
import { DeleteProfileDialog } from './DeleteProfileDialog';
import { FormDialog } from './FormDialog';
import { MembersPanel } from './MembersPanel';
import { ProfileDialog } from './ProfileDialog';
import { VirtualRows } from './VirtualRows';

export interface ProfilesTabProps {
  kind: 'user' | 'group';
  overview: AccessOverview;
  search: string;
  onChanged(): Promise<void>;
}

function quotaText(row: ProfileRow): string {
  return Object.entries(row.quota)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key} ${value}`)
    .join(' · ');
}

/** Users or groups of an instance in a windowed table, with create, delete, owner change and members. */
export function ProfilesTab({ kind, overview, search, onChanged }: ProfilesTabProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ProfileRow | null>(null);
  const [changing, setChanging] = useState<ProfileRow | null>(null);
  const [newOwner, setNewOwner] = useState('');
  const [openGroup, setOpenGroup] = useState<string | null>(null);

  const all = kind === 'user' ? overview.users : overview.groups;
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((row) =>
      [row.name, row.displayName, row.owner].some((value) => value.toLowerCase().includes(needle)),
    );
  }, [all, search]);
  const memberCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const member of overview.members)
      counts.set(member.namespace, (counts.get(member.namespace) ?? 0) + 1);
    return counts;
  }, [overview.members]);

  useEffect(() => {
    // The frame after the commit is the first one the user sees with these rows.
    const frame = requestAnimationFrame(() => performance.mark('kfd-access-rendered'));
    return () => cancelAnimationFrame(frame);
  }, [overview]);

  const group =
    kind === 'group' ? (overview.groups.find((each) => each.name === openGroup) ?? null) : null;

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button
          variant="contained"
          disabled={!overview.profileCrd}
          onClick={() => setCreating(true)}
        >
          {t(kind === 'user' ? 'accessPage.users.add' : 'accessPage.groups.add')}
        </Button>
        <Typography color="text.secondary">
          {t('accessPage.shown', { shown: rows.length, total: all.length })}
        </Typography>
      </Stack>
      <Paper variant="outlined">
        <Stack
          direction="row"
          spacing={2}
          sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}
        >
          <Typography variant="subtitle2" sx={{ flex: 2 }}>
            {t(kind === 'user' ? 'accessPage.email' : 'accessPage.groups.name')}
          </Typography>
          <Typography variant="subtitle2" sx={{ flex: 2 }}>
            {t('accessPage.namespace')}
          </Typography>
          <Typography variant="subtitle2" sx={{ flex: 2 }}>
            {t('accessPage.quota.title')}
          </Typography>
          <Typography variant="subtitle2" sx={{ width: 110 }}>
            {t('accessPage.statusColumn')}
          </Typography>
          <Typography variant="subtitle2" sx={{ width: 260 }} />
        </Stack>
        {rows.length === 0 ? (
          <Typography color="text.secondary" sx={{ p: 2 }}>
            {t(kind === 'user' ? 'accessPage.users.none' : 'accessPage.groups.none')}
          </Typography>
        ) : (
          <VirtualRows
            rows={rows}
            rowHeight={48}
            height={420}
            label={t(kind === 'user' ? 'accessPage.tabs.users' : 'accessPage.tabs.groups')}
            testId={`${kind}-rows`}
            rowKey={(row) => row.name}
            renderRow={(row) => (
              <>
                <Typography noWrap sx={{ flex: 2 }}>
                  {row.displayName}
                  {kind === 'group' && (
                    <Typography component="span" color="text.secondary">
                      {' '}
                      {t('accessPage.groups.memberCount', {
                        count: memberCount.get(row.name) ?? 0,
                      })}
                    </Typography>
                  )}
                </Typography>
                <Typography noWrap sx={{ flex: 2, fontFamily: 'monospace' }}>
                  {row.name}
                </Typography>
                <Typography noWrap color="text.secondary" sx={{ flex: 2 }}>
                  {quotaText(row) || t('accessPage.quota.none')}
                </Typography>
                <span style={{ width: 110 }}>
                  <AccessStatusChip status={row.status} reason={row.reason} />
                </span>
                <Stack direction="row" sx={{ width: 260, justifyContent: 'flex-end' }}>
                  {kind === 'group' && (
                    <Button size="small" onClick={() => setOpenGroup(row.name)}>
                      {t('accessPage.groups.members')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setChanging(row)}>
                    {t('accessPage.changeOwner')}
                  </Button>
                  <Button size="small" color="error" onClick={() => setDeleting(row)}>
                    {t('accessPage.delete')}
                  </Button>
                </Stack>
              </>
            )}
          />
        )}
      </Paper>

      {group && (
        <MembersPanel
          overview={overview}
          group={group}
          onChanged={onChanged}
          onClose={() => setOpenGroup(null)}
        />
      )}

      <ProfileDialog
        kind={kind}
        overview={overview}
        open={creating}
        onClose={() => setCreating(false)}
        onChanged={onChanged}
      />
      <DeleteProfileDialog
        instanceKey={overview.instanceKey}
        profile={deleting}
        onClose={() => setDeleting(null)}
        onChanged={onChanged}
      />
      <FormDialog
        open={changing !== null}
        title={t('accessPage.changeOwnerTitle', { name: changing?.displayName ?? '' })}
        submitLabel={t('accessPage.changeOwner')}
        invalid={!isValidEmail(newOwner.trim())}
        onClose={() => {
          setChanging(null);
          setNewOwner('');
        }}
        onSubmit={async () => {
          if (!changing) return;
          await bridge.call('access.changeProfileOwner', {
            instanceKey: overview.instanceKey,
            profile: changing.name,
            email: newOwner.trim(),
          });
          await onChanged();
        }}
      >
        <Typography>{t('accessPage.changeOwnerBody', { owner: changing?.owner ?? '' })}</Typography>
        <TextField
          autoFocus
          label={t('accessPage.email')}
          value={newOwner}
          onChange={(event) => setNewOwner(event.target.value)}
        />
      </FormDialog>
    </Stack>
  );
}
