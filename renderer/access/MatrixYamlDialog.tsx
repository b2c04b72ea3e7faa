import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { importMatrixYaml, type MatrixYamlProblem } from '../../shared/roles/matrix-yaml';
import type { Matrix } from '../../shared/roles/permissions';

export interface MatrixYamlDialogProps {
  open: boolean;
  /** The YAML to show for export; null opens the dialog for import. */
  exported: string | null;
  onImport(matrix: Matrix): void;
  onClose(): void;
}

/** Shows the matrix as YAML to copy, or reads a pasted one and lists each problem with its line. */
export function MatrixYamlDialog({ open, exported, onImport, onClose }: MatrixYamlDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<MatrixYamlProblem[]>([]);

  function close(): void {
    setText('');
    setProblems([]);
    onClose();
  }

  function submit(): void {
    const result = importMatrixYaml(text);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    onImport(result.matrix);
    close();
  }

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="md">
      <DialogTitle>{t(exported === null ? 'rolesPage.import' : 'rolesPage.export')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            multiline
            minRows={12}
            maxRows={24}
            value={exported ?? text}
            onChange={(event) => setText(event.target.value)}
            slotProps={{
              htmlInput: {
                readOnly: exported !== null,
                spellCheck: false,
                style: { fontFamily: 'monospace' },
              },
            }}
          />
          {problems.map((problem, index) => (
            <Alert key={index} severity="error">
              {t(`rolesPage.yaml.${problem.reason}`, { line: problem.line, value: problem.value })}
            </Alert>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('accessPage.close')}</Button>
        {exported === null ? (
          <Button variant="contained" onClick={submit} disabled={text.trim() === ''}>
            {t('rolesPage.import')}
          </Button>
        ) : (
          <Button variant="contained" onClick={() => void navigator.clipboard?.writeText(exported)}>
            {t('rolesPage.copy')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
