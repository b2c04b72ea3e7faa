import CompareArrowsOutlined from '@mui/icons-material/CompareArrowsOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import VisibilityOutlined from '@mui/icons-material/VisibilityOutlined';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { SnapshotMeta } from '../../shared/snapshots/schema';
import { formatFullTime } from '../kube/time-format';
import { formatBytes } from './format-bytes';

export interface SnapshotTableProps {
  snapshots: SnapshotMeta[];
  onOpen(meta: SnapshotMeta): void;
  onCompare(meta: SnapshotMeta): void;
  onExport(meta: SnapshotMeta, format: 'yaml' | 'json'): void;
  onDelete(meta: SnapshotMeta): void;
}

/** Lists the snapshots of one instance, newest first, with actions that work without the cluster. */
export function SnapshotTable({
  snapshots,
  onOpen,
  onCompare,
  onExport,
  onDelete,
}: SnapshotTableProps) {
  const { t, i18n } = useTranslation();
  const [exportMenu, setExportMenu] = useState<{ anchor: HTMLElement; meta: SnapshotMeta } | null>(
    null,
  );

  const chooseFormat = (format: 'yaml' | 'json') => {
    if (exportMenu) onExport(exportMenu.meta, format);
    setExportMenu(null);
  };

  return (
    <TableContainer>
      <Table size="small" aria-label={t('snapshots.table.label')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('snapshots.table.takenAt')}</TableCell>
            <TableCell>{t('snapshots.table.note')}</TableCell>
            <TableCell>{t('snapshots.table.trigger')}</TableCell>
            <TableCell>{t('snapshots.table.phase')}</TableCell>
            <TableCell align="right">{t('snapshots.table.size')}</TableCell>
            <TableCell align="right">{t('snapshots.table.actions')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {snapshots.map((meta) => (
            <TableRow key={meta.id} hover data-testid="snapshot-row">
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatFullTime(meta.takenAt, i18n.language)}
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {meta.note || t('common.notSet')}
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  label={t(`snapshots.trigger.${meta.trigger}`)}
                />
              </TableCell>
              <TableCell>{meta.phase ?? t('common.notSet')}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatBytes(meta.bytes, i18n.language)}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title={t('snapshots.actions.open')}>
                  <IconButton aria-label={t('snapshots.actions.open')} onClick={() => onOpen(meta)}>
                    <VisibilityOutlined fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip title={t('snapshots.actions.compare')}>
                  <IconButton
                    aria-label={t('snapshots.actions.compare')}
                    onClick={() => onCompare(meta)}
                  >
                    <CompareArrowsOutlined fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip title={t('snapshots.actions.export')}>
                  <IconButton
                    aria-label={t('snapshots.actions.export')}
                    onClick={(event) => setExportMenu({ anchor: event.currentTarget, meta })}
                  >
                    <FileDownloadOutlined fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip title={t('snapshots.actions.delete')}>
                  <IconButton
                    aria-label={t('snapshots.actions.delete')}
                    onClick={() => onDelete(meta)}
                  >
                    <DeleteOutlined fontSize="small" />
                  </IconButton>
                </Tooltip>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Menu
        anchorEl={exportMenu?.anchor ?? null}
        open={exportMenu !== null}
        onClose={() => setExportMenu(null)}
      >
        <MenuItem onClick={() => chooseFormat('yaml')}>{t('snapshots.export.yaml')}</MenuItem>
        <MenuItem onClick={() => chooseFormat('json')}>{t('snapshots.export.json')}</MenuItem>
      </Menu>
    </TableContainer>
  );
}
