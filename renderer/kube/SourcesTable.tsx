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
import { useContextStore } from './useContextStore';

const originKeys: Record<KubeconfigSource['origin'], string> = {
  default: 'clusters.sources.originDefault',
  env: 'clusters.sources.originEnv',
  added: 'clusters.sources.originAdded',
  sandbox: 'clusters.sources.originSandbox',
};

/** Lists the kubeconfig files the contexts come from, with the reason a file could not be read. */
export function SourcesTable() {
  const { t } = useTranslation();
  const sources = useContextStore((state) => state.list?.sources);

  if (!sources) return null;

  return (
    <section>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('clusters.sources.title')}
      </Typography>
      {sources.length === 0 ? (
        <Typography color="text.secondary">{t('clusters.sources.none')}</Typography>
      ) : (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label={t('clusters.sources.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('clusters.sources.path')}</TableCell>
                <TableCell>{t('clusters.sources.origin')}</TableCell>
                <TableCell align="right">{t('clusters.sources.contextCount')}</TableCell>
                <TableCell>{t('clusters.sources.status')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sources.map((source) => (
                <TableRow key={source.path}>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{source.path}</TableCell>
                  <TableCell>{t(originKeys[source.origin])}</TableCell>
                  <TableCell align="right">{source.contextCount}</TableCell>
                  <TableCell>
                    {source.error === null ? (
                      t('clusters.sources.read')
                    ) : (
                      <Typography variant="body2" color="error">
                        {source.error}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </section>
  );
}
