import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

export function SandboxChip() {
  const { t } = useTranslation();
  return (
    <Chip size="small" color="secondary" label={t('sandbox.chip')} data-testid="sandbox-chip" />
  );
}
