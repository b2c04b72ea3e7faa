import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { PlanView } from '../../../shared/contract/areas/instances';
import { formatRefText } from '../format';

/** Diff rows shown before "show all"; the counts above them cover every object. */
const shownDiffRows = 200;

/** Shows a plan as the user reviews it: problems, counts per phase and kind, option effects, the dry-run diff and the prune list. */
export function PlanSummary({ plan }: { plan: PlanView }) {
  const { t, i18n } = useTranslation();
  // New objects are counted above and listed per phase; the table shows what changes on the cluster.
  const changedRows = plan.diff.entries.filter(
    (entry) => entry.outcome === 'changed' || entry.outcome === 'conflict',
  );

  return (
    <Stack spacing={2} data-testid="plan-summary">
      {plan.simulation && <Alert severity="info">{t('instances.plan.simulation')}</Alert>}
      {plan.problems.length > 0 && (
        <Alert severity="error" data-testid="plan-problems">
          <Typography variant="subtitle2">
            {t('instances.plan.problems', { count: plan.problems.length })}
          </Typography>
          <ul>
            {plan.problems.slice(0, 50).map((problem, index) => (
              <li key={index}>
                {t('instances.plan.problemAt', {
                  file: problem.file,
                  document: String(problem.document + 1),
                  line: problem.line === null ? '-' : String(problem.line),
                })}{' '}
                {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <Typography variant="subtitle1">
        {t('instances.plan.total', {
          count: plan.total,
          context: plan.contextName,
          namespace: plan.namespace,
        })}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <Chip color="success" label={t('instances.plan.created', { count: plan.diff.created })} />
        <Chip color="warning" label={t('instances.plan.changed', { count: plan.diff.changed })} />
        <Chip label={t('instances.plan.unchanged', { count: plan.diff.unchanged })} />
        {plan.diff.conflicts > 0 && (
          <Chip
            color="error"
            label={t('instances.plan.conflicts', { count: plan.diff.conflicts })}
          />
        )}
      </Stack>

      <Table size="small" aria-label={t('instances.plan.phases')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('instances.plan.phase')}</TableCell>
            <TableCell align="right">{t('instances.plan.objects')}</TableCell>
            <TableCell>{t('instances.plan.kinds')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {plan.phases.map((phase) => (
            <TableRow key={phase.name} data-testid="plan-phase">
              <TableCell>{t(`instances.phases.${phase.name}`)}</TableCell>
              <TableCell align="right">{phase.count}</TableCell>
              <TableCell>
                {phase.kinds.map((kind) => `${kind.kind} ${kind.count}`).join(', ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      {plan.effects.length > 0 && (
        <div>
          <Typography variant="subtitle2">{t('instances.plan.effects')}</Typography>
          <ul data-testid="plan-effects">
            {plan.effects.map((effect, index) => {
              const key = `instanceOptions.effects.${effect.code}`;
              return (
                <li key={index}>{i18n.exists(key) ? t(key, effect.params) : effect.message}</li>
              );
            })}
          </ul>
        </div>
      )}

      {plan.prune.length > 0 && (
        <Alert severity="warning" data-testid="plan-prune">
          <Typography variant="subtitle2">
            {t('instances.plan.prune', { count: plan.prune.length })}
          </Typography>
          <ul>
            {plan.prune.map((entry) => (
              <li key={formatRefText(entry.ref)}>{formatRefText(entry.ref)}</li>
            ))}
          </ul>
        </Alert>
      )}

      {changedRows.length > 0 && (
        <div>
          <Typography variant="subtitle2">{t('instances.plan.diff')}</Typography>
          <Table size="small" aria-label={t('instances.plan.diff')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('instances.plan.object')}</TableCell>
                <TableCell>{t('instances.plan.outcome')}</TableCell>
                <TableCell>{t('instances.plan.fields')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {changedRows.slice(0, shownDiffRows).map((entry) => (
                <TableRow key={formatRefText(entry.ref)}>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                    {formatRefText(entry.ref)}
                  </TableCell>
                  <TableCell>
                    {t(`instances.plan.outcomes.${entry.outcome}`)}
                    {!entry.serverChecked && ` (${t('instances.plan.notChecked')})`}
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                    {entry.outcome === 'conflict'
                      ? t('instances.plan.ownedBy', { managers: entry.managers.join(', ') })
                      : entry.fields.slice(0, 5).join(', ')}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {changedRows.length > shownDiffRows && (
            <Typography variant="body2" color="text.secondary">
              {t('instances.plan.moreRows', { count: changedRows.length - shownDiffRows })}
            </Typography>
          )}
        </div>
      )}
    </Stack>
  );
}
