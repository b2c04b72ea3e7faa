import CancelOutlined from '@mui/icons-material/CancelOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import HelpOutlineOutlined from '@mui/icons-material/HelpOutlineOutlined';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

import type { Capabilities } from '../../shared/contract';

const capabilityNames = [
  'createCustomResourceDefinitions',
  'createNamespaces',
  'listNamespaces',
  'manageRbac',
] as const satisfies readonly (keyof Capabilities)[];

function capabilityState(allowed: boolean | null): 'allowed' | 'denied' | 'unknown' {
  if (allowed === null) return 'unknown';
  return allowed ? 'allowed' : 'denied';
}

function CapabilityIcon({ allowed }: { allowed: boolean | null }) {
  if (allowed === true) return <CheckCircleOutlined color="success" fontSize="small" />;
  if (allowed === false) return <CancelOutlined color="error" fontSize="small" />;
  return <HelpOutlineOutlined color="disabled" fontSize="small" />;
}

/** Lists what the context's user may do that installing Kubeflow needs, each as allowed, denied or unknown. */
export function CapabilityList({ capabilities }: { capabilities: Capabilities | null }) {
  const { t } = useTranslation();

  return (
    <>
      <List dense disablePadding data-testid="capabilities">
        {capabilityNames.map((name) => {
          const allowed = capabilities?.[name] ?? null;
          const state = capabilityState(allowed);
          return (
            <ListItem key={name} disableGutters data-capability={name} data-state={state}>
              <ListItemIcon sx={{ minWidth: 32 }}>
                <CapabilityIcon allowed={allowed} />
              </ListItemIcon>
              <ListItemText
                primary={t(`clusters.capability.${name}`)}
                secondary={t(`clusters.capability.${state}`)}
              />
            </ListItem>
          );
        })}
      </List>
      {capabilities === null && (
        <Typography variant="body2" color="text.secondary">
          {t('clusters.capability.notAsked')}
        </Typography>
      )}
    </>
  );
}
