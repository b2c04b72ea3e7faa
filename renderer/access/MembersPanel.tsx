import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { groupRoles, isValidEmail, type GroupRole } from '../../shared/access/rules';
import type { AccessOverview, MemberRow, ProfileRow } from '../../shared/contract/areas/access';
import { useStores } from '../app/stores-context';
import { BulkAddDialog } from './BulkAddDialog';
import { FormDialog } from './FormDialog';
import { VirtualRows } from './VirtualRows';

export interface MembersPanelProps {
  overview: AccessOverview;
  group: ProfileRow;
  onChanged(): Promise<void>;
  onClose(): void;
}

/** Group users of one group: their contributor RoleBindings, with add, bulk add and remove. */
export function MembersPanel({ overview, group, onChanged, onClose }: MembersPanelProps) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const [adding, setAdding] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<GroupRole>('edit');

  const members = useMemo(
    () => overview.members.filter((member) => member.namespace === group.name),
    [overview.members, group.name],
  );

  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="members-panel">
      <Stack spacing={2}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="h6" sx={{ flex: 1 }}>
            {t('accessPage.members.title', { group: group.displayName, namespace: group.name })}
          </Typography>
          <Button variant="contained" onClick={() => setAdding(true)}>
            {t('accessPage.members.add')}
          </Button>
          <Button variant="outlined" onClick={() => setBulk(true)}>
            {t('accessPage.members.bulk')}
          </Button>
          <Button onClick={onClose}>{t('accessPage.close')}</Button>
        </Stack>
        {!overview.istio && <Alert severity="info">{t('accessPage.members.noIstio')}</Alert>}
        {members.length === 0 ? (
          <Typography color="text.secondary">{t('accessPage.members.none')}</Typography>
        ) : (
          <VirtualRows
            rows={members}
            rowHeight={44}
            height={320}
            label={t('accessPage.members.title', {
              group: group.displayName,
              namespace: group.name,
            })}
            testId="member-rows"
            rowKey={(member) => member.bindingName}
            renderRow={(member) => (
              <>
                <Typography noWrap sx={{ flex: 2 }}>
                  {member.email}
                  {member.caseDiffers && (
                    <Tooltip title={t('accessPage.members.caseDiffers')}>
                      <Chip
                        size="small"
                        color="warning"
                        label={t('accessPage.members.caseChip')}
                        sx={{ ml: 1 }}
                      />
                    </Tooltip>
                  )}
                </Typography>
                <Chip size="small" label={t(`accessPage.roles.${member.role}`)} />
                <Typography
                  noWrap
                  color="text.secondary"
                  sx={{ flex: 2, fontFamily: 'monospace', fontSize: 13 }}
                >
                  {member.bindingName}
                </Typography>
                <Button size="small" color="error" onClick={() => setRemoving(member)}>
                  {t('accessPage.remove')}
                </Button>
              </>
            )}
          />
        )}
      </Stack>

      <FormDialog
        open={adding}
        title={t('accessPage.members.add')}
        submitLabel={t('accessPage.add')}
        invalid={!isValidEmail(email.trim())}
        onClose={() => {
          setAdding(false);
          setEmail('');
        }}
        onSubmit={async () => {
          await bridge.call('access.addMember', {
            instanceKey: overview.instanceKey,
            group: group.name,
            email: email.trim(),
            role,
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
        <TextField
          select
          label={t('accessPage.members.role')}
          value={role}
          onChange={(event) => setRole(event.target.value as GroupRole)}
        >
          {groupRoles.map((each) => (
            <MenuItem key={each} value={each}>
              {t(`accessPage.roles.${each}`)}
            </MenuItem>
          ))}
        </TextField>
      </FormDialog>
      <FormDialog
        open={removing !== null}
        danger
        title={t('accessPage.members.removeTitle', { email: removing?.email ?? '' })}
        submitLabel={t('accessPage.remove')}
        onClose={() => setRemoving(null)}
        onSubmit={async () => {
          if (!removing) return;
          await bridge.call('access.removeMember', {
            instanceKey: overview.instanceKey,
            group: group.name,
            bindingName: removing.bindingName,
          });
          await onChanged();
        }}
      >
        <Typography>
          {t('accessPage.members.removeBody', { binding: removing?.bindingName ?? '' })}
        </Typography>
      </FormDialog>
      <BulkAddDialog
        open={bulk}
        instanceKey={overview.instanceKey}
        group={group.name}
        onClose={() => setBulk(false)}
        onChanged={onChanged}
      />
    </Paper>
  );
}
