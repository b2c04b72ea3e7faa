import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorOutline from '@mui/icons-material/ErrorOutlined';
import RemoveCircleOutline from '@mui/icons-material/RemoveCircleOutlined';
import Checkbox from '@mui/material/Checkbox';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';

import type { Verification } from '../../shared/contract/areas/access';
import {
  grants,
  lockReason,
  matrixRoles,
  permissions,
  type Matrix,
  type MatrixRole,
  type Permission,
} from '../../shared/roles/permissions';

export interface MatrixTableProps {
  matrix: Matrix;
  onToggle(role: MatrixRole, permission: Permission): void;
  /** The last verification; when set, each cell also shows the effective result. */
  verification: Verification | null;
}

/** The permission × role matrix; a locked box gives the reason in its tooltip. */
export function MatrixTable({ matrix, onToggle, verification }: MatrixTableProps) {
  const { t } = useTranslation();
  const cellOf = (role: MatrixRole, permission: Permission) =>
    verification?.cells.find((cell) => cell.role === role && cell.permission === permission);

  return (
    <Paper variant="outlined">
      <Table size="small" data-testid="matrix">
        <TableHead>
          <TableRow>
            <TableCell>{t('rolesPage.permission')}</TableCell>
            {matrixRoles.map((role) => (
              <TableCell key={role} align="center">
                {t(`rolesPage.roles.${role}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {permissions.map((permission) => (
            <TableRow key={permission}>
              <TableCell sx={{ verticalAlign: 'middle' }}>
                {t(`rolesPage.permissions.${permission}`)}
              </TableCell>
              {matrixRoles.map((role) => {
                const reason = lockReason(matrix, role, permission);
                const cell = cellOf(role, permission);
                const box = (
                  <Checkbox
                    size="small"
                    checked={grants(matrix, role, permission)}
                    disabled={reason !== null}
                    onChange={() => onToggle(role, permission)}
                    slotProps={{
                      input: {
                        'aria-label': `${role} ${permission}`,
                        'data-cell': `${role}.${permission}`,
                      } as never,
                    }}
                  />
                );
                return (
                  <TableCell key={role} align="center" sx={{ whiteSpace: 'nowrap' }}>
                    {reason ? (
                      <Tooltip title={t(`rolesPage.lock.${reason}`)}>
                        <span>{box}</span>
                      </Tooltip>
                    ) : (
                      box
                    )}
                    {cell && <EffectiveMark cell={cell} />}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

function EffectiveMark({ cell }: { cell: Verification['cells'][number] }) {
  const { t } = useTranslation();
  const mismatch = cell.failedChecks.length > 0;
  const title = mismatch
    ? t('rolesPage.verify.mismatch', {
        subject: cell.subject,
        checks: cell.failedChecks.join(', '),
      })
    : t(cell.effective ? 'rolesPage.verify.allowed' : 'rolesPage.verify.denied', {
        subject: cell.subject,
      });
  let Icon = cell.effective ? CheckCircle : RemoveCircleOutline;
  let color: 'error' | 'success' | 'disabled' = cell.effective ? 'success' : 'disabled';
  if (mismatch) {
    Icon = ErrorOutline;
    color = 'error';
  }
  return (
    <Tooltip title={title}>
      <Icon
        fontSize="small"
        color={color}
        sx={{ verticalAlign: 'middle' }}
        data-mismatch={mismatch ? 'true' : 'false'}
      />
    </Tooltip>
  );
}
