import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { SnapshotComparison } from '../../shared/contract/areas/snapshots';

const changeColor = { added: 'success', removed: 'error', changed: 'warning' } as const;

/** Lists what was added, removed and changed from one side of a comparison to the other. */
export function DiffTable({ comparison }: { comparison: SnapshotComparison }) {
  const { t } = useTranslation();
  const dash = t('common.notSet');

  return (
    <>
      {comparison.entries.length === 0 ? (
        <Typography variant="body2" data-testid="diff-empty">
          {t('snapshots.compare.noChanges')}
        </Typography>
      ) : (
        <Table size="small" aria-label={t('snapshots.compare.tableLabel')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('snapshots.compare.section')}</TableCell>
              <TableCell>{t('snapshots.compare.change')}</TableCell>
              <TableCell>{t('snapshots.compare.item')}</TableCell>
              <TableCell>{t('snapshots.compare.before')}</TableCell>
              <TableCell>{t('snapshots.compare.after')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {comparison.entries.map((entry) => (
              <TableRow key={`${entry.section}/${entry.key}`} data-testid="diff-row">
                <TableCell>{t(`snapshots.diffSection.${entry.section}`)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={changeColor[entry.change]}
                    label={t(`snapshots.change.${entry.change}`)}
                  />
                </TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{entry.key}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{entry.before ?? dash}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{entry.after ?? dash}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {comparison.unavailable.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {t('snapshots.compare.unavailable', {
            sections: comparison.unavailable
              .map((section) => t(`snapshots.diffSection.${section}`))
              .join(', '),
          })}
        </Typography>
      )}
    </>
  );
}
