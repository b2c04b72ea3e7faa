import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { useAppStore } from '../app/useAppStore';

export function AboutPanel() {
  const { t } = useTranslation();
  const info = useAppStore((state) => state.info);

  if (!info) return null;

  const rows = [
    { label: t('settings.about.version'), value: info.version, testId: 'about-version' },
    {
      label: t('settings.about.shell'),
      value:
        info.shell === 'electron'
          ? t('settings.about.shellElectron')
          : t('settings.about.shellWeb'),
      testId: 'about-shell',
    },
    { label: t('settings.about.platform'), value: info.platform, testId: 'about-platform' },
  ];

  return (
    <Paper variant="outlined" sx={{ p: 3 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('settings.about.title')}
      </Typography>
      <Table size="small">
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.testId}>
              <TableCell component="th" scope="row" sx={{ width: '40%' }}>
                {row.label}
              </TableCell>
              <TableCell data-testid={row.testId}>{row.value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
