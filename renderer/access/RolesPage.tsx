import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { MatrixPreview, Verification } from '../../shared/contract/areas/access';
import type { AppError } from '../../shared/errors';
import { exportMatrixYaml } from '../../shared/roles/matrix-yaml';
import {
  compareMatrices,
  defaultMatrix,
  togglePermission,
  type Matrix,
} from '../../shared/roles/permissions';
import { parseInstanceKey } from '../../shared/provision/instance-key';
import { PageHeading } from '../app/PageHeading';
import { OfflineBanner } from '../offline/OfflineBanner';
import { useStores } from '../app/stores-context';
import { toAppError } from '../app/to-app-error';
import { useErrorMessage } from '../app/useErrorMessage';
import { InstancePicker } from './InstancePicker';
import { MatrixTable } from './MatrixTable';
import { MatrixYamlDialog } from './MatrixYamlDialog';
import { useAccessStore } from './useAccessStore';

type Busy = 'load' | 'preview' | 'apply' | 'verify' | 'save' | null;

/** The role-permission editor: matrix, compiled preview with diff, apply and verification. */
export function RolesPage() {
  const { t } = useTranslation();
  const instanceKey = useAccessStore((state) => state.selectedKey);

  return (
    <>
      <PageHeading>{t('roles.title')}</PageHeading>
      <OfflineBanner
        contextId={instanceKey ? (parseInstanceKey(instanceKey)?.contextId ?? null) : null}
        asOf={null}
      />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('rolesPage.description')}
      </Typography>
      <Stack spacing={2}>
        <InstancePicker />
        {instanceKey !== null && <RolesEditor key={instanceKey} instanceKey={instanceKey} />}
      </Stack>
    </>
  );
}

function RolesEditor({ instanceKey }: { instanceKey: string }) {
  const { t } = useTranslation();
  const { bridge } = useStores();
  const formatError = useErrorMessage();
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [saved, setSaved] = useState<Matrix | null>(null);
  const [release, setRelease] = useState('');
  const [preview, setPreview] = useState<MatrixPreview | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [busy, setBusy] = useState<Busy>('load');
  const [error, setError] = useState<AppError | null>(null);
  const [applied, setApplied] = useState(false);
  const [yamlDialog, setYamlDialog] = useState<'import' | 'export' | null>(null);

  useEffect(() => {
    bridge.call('access.getMatrix', { instanceKey }).then(
      (response) => {
        setMatrix(response.matrix);
        setSaved(response.saved ? response.matrix : null);
        setRelease(response.release);
        setBusy(null);
      },
      (caught: unknown) => {
        setError(toAppError(caught));
        setBusy(null);
      },
    );
  }, [bridge, instanceKey]);

  async function run(kind: Exclude<Busy, null>, action: () => Promise<void>): Promise<void> {
    setBusy(kind);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(toAppError(caught));
    } finally {
      setBusy(null);
    }
  }

  const changesFromSaved = useMemo(
    () => (matrix ? compareMatrices(saved ?? defaultMatrix, matrix) : []),
    [matrix, saved],
  );

  const edit = (next: Matrix) => {
    setMatrix(next);
    setPreview(null);
    setVerification(null);
    setApplied(false);
  };

  const key = instanceKey;
  return (
    <>
      <Stack spacing={2}>
        {release && (
          <Chip sx={{ alignSelf: 'flex-start' }} label={t('rolesPage.release', { release })} />
        )}
        {busy && <LinearProgress data-testid="roles-busy" />}
        {error && <Alert severity="error">{formatError(error)}</Alert>}
        {matrix && (
          <>
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
              <Button
                variant="outlined"
                disabled={busy !== null}
                onClick={() =>
                  void run('preview', async () =>
                    setPreview(
                      await bridge.call('access.previewMatrix', { instanceKey: key, matrix }),
                    ),
                  )
                }
              >
                {t('rolesPage.preview')}
              </Button>
              <Button
                variant="contained"
                disabled={busy !== null || preview === null}
                onClick={() =>
                  void run('apply', async () => {
                    setPreview(
                      await bridge.call('access.applyMatrix', { instanceKey: key, matrix }),
                    );
                    setSaved(matrix);
                    setApplied(true);
                  })
                }
              >
                {t('rolesPage.apply')}
              </Button>
              <Button
                variant="outlined"
                disabled={busy !== null}
                onClick={() =>
                  void run('verify', async () =>
                    setVerification(
                      await bridge.call('access.verifyMatrix', { instanceKey: key, matrix }),
                    ),
                  )
                }
              >
                {t('rolesPage.verifyButton')}
              </Button>
              <Button
                disabled={busy !== null}
                onClick={() =>
                  void run('save', async () => {
                    await bridge.call('access.saveMatrix', { instanceKey: key, matrix });
                    setSaved(matrix);
                  })
                }
              >
                {t('rolesPage.save')}
              </Button>
              <Button onClick={() => setYamlDialog('export')}>{t('rolesPage.export')}</Button>
              <Button onClick={() => setYamlDialog('import')}>{t('rolesPage.import')}</Button>
              <Button onClick={() => edit(defaultMatrix)}>{t('rolesPage.reset')}</Button>
            </Stack>
            {applied && <Alert severity="success">{t('rolesPage.applied')}</Alert>}
            {changesFromSaved.length > 0 && (
              <Alert severity="info" data-testid="matrix-changes">
                {t(saved ? 'rolesPage.compareSaved' : 'rolesPage.compareDefault', {
                  count: changesFromSaved.length,
                })}{' '}
                {changesFromSaved
                  .map(
                    (change) =>
                      `${t(`rolesPage.roles.${change.role}`)} · ${t(`rolesPage.permissions.${change.permission}`)} ${change.right ? '+' : '−'}`,
                  )
                  .join(', ')}
              </Alert>
            )}
            {verification && (
              <Alert
                severity={verification.mismatches === 0 ? 'success' : 'error'}
                data-testid="verify-result"
              >
                {verification.mismatches === 0
                  ? t('rolesPage.verify.passed', { count: verification.cells.length })
                  : t('rolesPage.verify.failed', { count: verification.mismatches })}
              </Alert>
            )}
            <MatrixTable
              matrix={matrix}
              verification={verification}
              onToggle={(role, permission) => edit(togglePermission(matrix, role, permission))}
            />
            {preview && <PreviewPanel preview={preview} />}
          </>
        )}
      </Stack>
      <MatrixYamlDialog
        open={yamlDialog !== null}
        exported={
          yamlDialog === 'export' && matrix
            ? exportMatrixYaml(
                matrix,
                release === '1.8.0' || release === '1.10.0' ? release : undefined,
              )
            : null
        }
        onImport={edit}
        onClose={() => setYamlDialog(null)}
      />
    </>
  );
}

function PreviewPanel({ preview }: { preview: MatrixPreview }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="preview">
      <Typography variant="h6">{t('rolesPage.previewTitle')}</Typography>
      <Stack spacing={2} sx={{ mt: 1 }}>
        {preview.roles.map((role) => (
          <Box key={role.role} data-testid={`preview-${role.role}`} data-outcome={role.outcome}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography sx={{ fontFamily: 'monospace' }}>{role.clusterRole}</Typography>
              <Chip
                size="small"
                label={t(`rolesPage.outcome.${role.outcome}`)}
                color={role.outcome === 'unchanged' ? 'default' : 'primary'}
              />
              <Typography color="text.secondary">
                {t('rolesPage.affected', { count: role.bindings })}
              </Typography>
            </Stack>
            {role.diff && (
              <Box
                component="pre"
                sx={{
                  fontSize: 12,
                  maxHeight: 240,
                  overflow: 'auto',
                  bgcolor: 'action.hover',
                  p: 1,
                  m: 0,
                  mt: 1,
                }}
              >
                {role.diff.split('\n').map((line, index) => (
                  <Box
                    key={index}
                    component="span"
                    sx={{
                      display: 'block',
                      color: line.startsWith('+')
                        ? 'success.main'
                        : line.startsWith('-')
                          ? 'error.main'
                          : 'text.primary',
                    }}
                  >
                    {line}
                  </Box>
                ))}
              </Box>
            )}
          </Box>
        ))}
        <details>
          <summary>{t('rolesPage.compiledYaml')}</summary>
          <Box
            component="pre"
            sx={{ fontSize: 12, maxHeight: 400, overflow: 'auto' }}
            data-testid="compiled-yaml"
          >
            {preview.yaml}
          </Box>
        </details>
      </Stack>
    </Paper>
  );
}
