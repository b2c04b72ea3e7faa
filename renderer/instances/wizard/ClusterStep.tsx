import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import { useContextStore } from '../../kube/useContextStore';

/** Picks the cluster: every usable context, the active one first. */
export function ClusterStep({
  contextId,
  onChange,
}: {
  contextId: string;
  onChange(contextId: string): void;
}) {
  const { t } = useTranslation();
  const contexts = useContextStore((state) => state.list?.contexts ?? []);
  const usable = contexts.filter((context) => context.invalidReason === null);

  if (usable.length === 0) {
    return <Typography color="text.secondary">{t('instances.wizard.noContexts')}</Typography>;
  }
  return (
    <RadioGroup
      value={contextId}
      onChange={(event) => onChange(event.target.value)}
      aria-label={t('instances.wizard.steps.cluster')}
    >
      {usable.map((context) => (
        <FormControlLabel
          key={context.id}
          value={context.id}
          control={<Radio />}
          label={
            <>
              <Typography component="span">{context.ref.name}</Typography>
              <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
                {context.server ?? context.cluster}
              </Typography>
            </>
          }
        />
      ))}
    </RadioGroup>
  );
}
