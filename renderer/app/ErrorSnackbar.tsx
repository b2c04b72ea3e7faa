import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useTranslation } from 'react-i18next';

import { useErrorMessage } from './useErrorMessage';
import { useErrorStore } from './useErrorStore';

/** Shows reported call errors one at a time, each until the user closes it. */
export function ErrorSnackbar() {
  const { t } = useTranslation();
  const formatError = useErrorMessage();
  const current = useErrorStore((state) => state.queue[0]);
  const dismiss = useErrorStore((state) => state.dismiss);

  if (!current) return null;

  return (
    <Snackbar
      key={current.id}
      open
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      onClose={(_event, reason) => {
        // A click elsewhere must not hide an error the user has not read yet.
        if (reason !== 'clickaway') dismiss(current.id);
      }}
    >
      <Alert
        severity="error"
        variant="filled"
        onClose={() => dismiss(current.id)}
        slotProps={{ closeButton: { 'aria-label': t('common.close'), title: t('common.close') } }}
        data-testid="error-message"
        sx={{ maxWidth: 560 }}
      >
        {formatError(current.error)}
      </Alert>
    </Snackbar>
  );
}
