import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { KubeconfigSource } from '../../shared/contract';
import { BreakableText } from './BreakableText';
import { useLocalizedText } from '../app/useLocalizedText';

export /**
 * Hides the header text from sight but keeps it for screen readers. Sizes are
 * strings, because MUI reads a number from 0 to 1 as a fraction of the parent.
 */
const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const originKeys: Record<KubeconfigSource['origin'], string> = {
  default: 'clusters.sources.originDefault',
  env: 'clusters.sources.originEnv',
  added: 'clusters.sources.originAdded',
  folder: 'clusters.sources.originFolder',
  imported: 'clusters.sources.originImported',
  sandbox: 'clusters.sources.originSandbox',
};

export interface SourcesTableProps {
  sources: readonly KubeconfigSource[];
  onRemove(source: KubeconfigSource): void;
}

/** Lists the kubeconfig files the contexts come from, with the reason a file could not be read. */
export function SourcesTable({ sources, onRemove }: SourcesTableProps) {
  const { t } = useTranslation();
  const localized = useLocalizedText();

  return (
    <TableContainer component={Paper} variant="outlined">
      <Table
        size="small"
        aria-label={t('clusters.sources.title')}
        data-testid="sources-table"
        sx={{ '& .MuiTableCell-root': { wordBreak: 'keep-all' } }}
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('clusters.sources.path')}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{t('clusters.sources.origin')}</TableCell>
            <TableCell>{t('clusters.sources.folder')}</TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              {t('clusters.sources.contextCount')}
            </TableCell>
            <TableCell>{t('clusters.sources.status')}</TableCell>
            <TableCell align="right">
              <Box component="span" sx={visuallyHidden}>
                {t('clusters.sources.actions')}
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sources.map((source) => (
            <TableRow key={source.path} data-source-path={source.path}>
              <TableCell sx={{ minWidth: 200 }}>
                <BreakableText text={source.path} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(originKeys[source.origin])}</TableCell>
              <TableCell>
                {source.folder === null ? (
                  t('clusters.table.noValue')
                ) : (
                  <BreakableText text={source.folder} />
                )}
              </TableCell>
              <TableCell align="right">{source.contextCount}</TableCell>
              <TableCell sx={{ minWidth: 120 }}>
                {source.error === null ? (
                  t('clusters.sources.read')
                ) : (
                  <Typography variant="body2" color="error" sx={{ overflowWrap: 'anywhere' }}>
                    {localized(source.errorText, source.error)}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {source.removable && (
                  <Button
                    size="small"
                    color="error"
                    startIcon={<DeleteOutlined />}
                    onClick={() => onRemove(source)}
                    data-testid="remove-source"
                  >
                    {t('clusters.sources.remove')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
