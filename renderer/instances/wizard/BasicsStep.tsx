import Autocomplete from '@mui/material/Autocomplete';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

import type { PlanSource } from '../../../shared/contract/areas/instances';
import type { Draft, FieldProblem } from './draft';

/** Name, namespace, owners and the manifest source. */
export function BasicsStep({
  draft,
  problems,
  showProblems,
  onChange,
}: {
  draft: Draft;
  problems: FieldProblem[];
  showProblems: boolean;
  onChange(patch: Partial<Draft>): void;
}) {
  const { t } = useTranslation();
  const messageOf = (field: FieldProblem['field']) => {
    if (!showProblems) return null;
    const problem = problems.find((candidate) => candidate.field === field);
    return problem ? t(`instances.wizard.invalid.${problem.code}`, problem.params) : null;
  };

  return (
    <Stack spacing={2} sx={{ maxWidth: 640 }}>
      <TextField
        label={t('instances.wizard.name')}
        value={draft.name}
        onChange={(event) => onChange({ name: event.target.value.trim() })}
        error={messageOf('name') !== null}
        helperText={messageOf('name') ?? t('instances.wizard.nameHelp')}
        slotProps={{ htmlInput: { 'data-testid': 'instance-name' } }}
      />
      <TextField
        label={t('instances.wizard.namespace')}
        value={draft.namespace}
        onChange={(event) => onChange({ namespace: event.target.value.trim() })}
        error={messageOf('namespace') !== null}
        helperText={messageOf('namespace') ?? t('instances.wizard.namespaceHelp')}
      />
      <Autocomplete
        multiple
        freeSolo
        autoSelect
        options={[]}
        value={draft.owners}
        onChange={(_event, owners) =>
          onChange({ owners: owners.map((owner) => owner.trim()).filter(Boolean) })
        }
        renderValue={(owners, getItemProps) =>
          owners.map((owner, index) => {
            const { key, ...props } = getItemProps({ index });
            return <Chip key={key} label={owner} size="small" {...props} />;
          })
        }
        renderInput={(params) => (
          <TextField
            {...params}
            label={t('instances.wizard.owners')}
            error={messageOf('owners') !== null}
            helperText={messageOf('owners') ?? t('instances.wizard.ownersHelp')}
            slotProps={{
              ...params.slotProps,
              htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'owner-input' },
            }}
          />
        )}
      />
      <div>
        <FormLabel id="source-label">{t('instances.wizard.source')}</FormLabel>
        <RadioGroup
          aria-labelledby="source-label"
          value={draft.sourceKind}
          onChange={(event) => onChange({ sourceKind: event.target.value as PlanSource['kind'] })}
        >
          <FormControlLabel
            value="sandbox-simulation"
            control={<Radio />}
            label={t('instances.wizard.sourceSimulation')}
          />
          <FormControlLabel
            value="bundle"
            control={<Radio />}
            label={t('instances.wizard.sourceBundle')}
          />
          <FormControlLabel
            value="manifests-checkout"
            control={<Radio />}
            label={t('instances.wizard.sourceCheckout')}
          />
        </RadioGroup>
      </div>
      {draft.sourceKind !== 'sandbox-simulation' && (
        <TextField
          label={
            draft.sourceKind === 'bundle'
              ? t('instances.wizard.bundlePath')
              : t('instances.wizard.checkoutPath')
          }
          value={draft.sourcePath}
          onChange={(event) => onChange({ sourcePath: event.target.value })}
          error={messageOf('sourcePath') !== null}
          helperText={messageOf('sourcePath') ?? t('instances.wizard.pathHelp')}
        />
      )}
    </Stack>
  );
}
