import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { SnapshotSections } from '../../shared/snapshots/schema';
import { formatFullTime } from '../kube/time-format';

function Section({
  title,
  missing,
  children,
}: {
  title: string;
  missing: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Box component="section" sx={{ mb: 3 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
        {title}
      </Typography>
      {missing ? (
        <Typography variant="body2" color="text.secondary">
          {t('snapshots.sections.notSaved')}
        </Typography>
      ) : (
        children
      )}
    </Box>
  );
}

function SimpleTable({ head, rows }: { head: string[]; rows: (string | number)[][] }) {
  const { t } = useTranslation();
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('snapshots.sections.none')}
      </Typography>
    );
  }
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {head.map((cell) => (
            <TableCell key={cell}>{cell}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, index) => (
          <TableRow key={index}>
            {row.map((cell, column) => (
              <TableCell key={column} sx={{ overflowWrap: 'anywhere' }}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Shows every section of a snapshot or of the last-known data, read-only. */
export function SnapshotSectionsView({ sections }: { sections: SnapshotSections }) {
  const { t, i18n } = useTranslation();
  const { instance, status, access, matrix } = sections;
  const dash = t('common.notSet');
  const time = (iso: string) => formatFullTime(iso, i18n.language);

  return (
    <>
      <Section title={t('snapshots.sections.instance')} missing={instance === null}>
        {instance && (
          <SimpleTable
            head={[t('snapshots.sections.field'), t('snapshots.sections.value')]}
            rows={[
              [t('snapshots.sections.release'), instance.spec.release],
              [t('snapshots.sections.serviceType'), instance.spec.serviceType],
              [t('snapshots.sections.namespace'), instance.spec.namespace],
              [t('snapshots.sections.owners'), instance.spec.owners.join(', ')],
              [t('snapshots.sections.objects'), instance.objectCount],
              [t('snapshots.sections.generation'), instance.generation],
            ]}
          />
        )}
      </Section>
      <Section title={t('snapshots.sections.status')} missing={status === null}>
        {status && (
          <>
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
              <Chip size="small" label={status.phase} />
              <Typography variant="body2">{status.reason ?? ''}</Typography>
            </Box>
            <SimpleTable
              head={[
                t('snapshots.sections.component'),
                t('snapshots.sections.expectedVersion'),
                t('snapshots.sections.observedVersion'),
                t('snapshots.sections.objects'),
              ]}
              rows={status.components.map((component) => [
                component.id,
                component.expectedVersion ?? dash,
                component.observedVersion ?? dash,
                component.objectCount,
              ])}
            />
            <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
              {t('snapshots.sections.history')}
            </Typography>
            <SimpleTable
              head={[
                t('snapshots.sections.at'),
                t('snapshots.table.phase'),
                t('snapshots.sections.reason'),
              ]}
              rows={status.history.map((entry) => [
                time(entry.at),
                entry.phase,
                entry.reason ?? dash,
              ])}
            />
          </>
        )}
      </Section>
      <Section title={t('snapshots.sections.access')} missing={access === null}>
        {access && (
          <>
            <SimpleTable
              head={[t('snapshots.sections.user'), t('snapshots.sections.role')]}
              rows={[
                ...access.owners.map((owner) => [owner, t('snapshots.sections.owner')]),
                ...access.users.map((user) => [user.email, user.role]),
              ]}
            />
            <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
              {t('snapshots.sections.groups')}
            </Typography>
            <SimpleTable
              head={[t('snapshots.sections.group'), t('snapshots.sections.members')]}
              rows={access.groups.map((group) => [group.name, group.members.join(', ')])}
            />
            <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
              {t('snapshots.sections.bindings')}
            </Typography>
            <SimpleTable
              head={[
                t('snapshots.sections.subject'),
                t('snapshots.sections.role'),
                t('snapshots.sections.namespace'),
              ]}
              rows={access.bindings.map((binding) => [
                `${binding.subjectKind} ${binding.subject}`,
                binding.role,
                binding.namespace ?? t('snapshots.sections.clusterWide'),
              ])}
            />
          </>
        )}
      </Section>
      <Section title={t('snapshots.sections.matrix')} missing={matrix === null}>
        {matrix && (
          <SimpleTable
            head={[
              t('snapshots.sections.role'),
              t('snapshots.sections.permission'),
              t('snapshots.sections.value'),
            ]}
            rows={matrix.cells.map((cell) => [cell.role, cell.permission, cell.value])}
          />
        )}
      </Section>
    </>
  );
}
