import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { defaultDatabaseSecret, type OptionsFormValue } from '../../../../shared/provision/options';
import { generatePassword } from './form-value';

type Database = NonNullable<OptionsFormValue['options']['database']>;
type External = Extract<Database, { kind: 'external-mysql' }>;
type Password = NonNullable<OptionsFormValue['credentials']['database']>;

export interface DatabaseSectionProps {
  value: Database;
  credentials: Password | null;
  onChange(value: Database, credentials: Password): void;
  fieldError(path: string): string | undefined;
  /** Marks a field as edited, so its message shows. */
  onTouch(path: string): void;
}

/** Bundled MySQL with a password, or an external MySQL; the password stays out of the spec. */
export function DatabaseSection({
  value,
  credentials,
  onChange,
  fieldError,
  onTouch,
}: DatabaseSectionProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const password = credentials ?? { password: '' };
  const external = value.kind === 'external-mysql' ? (value as External) : null;

  const chooseKind = (kind: string) => {
    if (kind === 'external-mysql')
      onChange({ kind, host: '', port: 3306, user: '' }, { password: '' });
    else onChange({ kind: 'bundled-mysql' }, { password: '' });
  };
  const field = (name: 'host' | 'port' | 'user', testId: string) => {
    const error = fieldError(`database.${name}`);
    const current = external?.[name];
    return (
      <TextField
        fullWidth
        label={t(`instanceOptions.database.${name}`)}
        value={current === undefined || current === null ? '' : String(current)}
        onChange={(event) =>
          external && onChange({ ...external, [name]: event.target.value.trim() }, password)
        }
        error={Boolean(error)}
        helperText={error}
        slotProps={{
          htmlInput: { 'data-testid': testId, name: `database.${name}`, spellCheck: false },
        }}
      />
    );
  };
  const passwordError = fieldError('credentials.database.password');

  return (
    <Stack spacing={2}>
      <RadioGroup row value={value.kind} onChange={(event) => chooseKind(event.target.value)}>
        <FormControlLabel
          value="bundled-mysql"
          control={<Radio />}
          label={t('instanceOptions.database.bundled')}
        />
        <FormControlLabel
          value="external-mysql"
          control={
            <Radio slotProps={{ input: { 'data-testid': 'database-external' } as object }} />
          }
          label={t('instanceOptions.database.external')}
        />
      </RadioGroup>
      {external && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          {field('host', 'db-host')}
          {field('port', 'db-port')}
          {field('user', 'db-user')}
        </Stack>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          fullWidth
          type={visible ? 'text' : 'password'}
          autoComplete="new-password"
          label={t('instanceOptions.database.password')}
          value={password.password}
          onChange={(event) => onChange(value, { password: event.target.value })}
          error={Boolean(passwordError)}
          helperText={
            passwordError ??
            t('instanceOptions.database.passwordHelp', {
              secret: value.credentialsSecret ?? defaultDatabaseSecret,
            })
          }
          slotProps={{
            htmlInput: { 'data-testid': 'db-password', name: 'credentials.database.password' },
            input: {
              endAdornment: (
                <InputAdornment position="end">
                  <IconButton
                    aria-label={
                      visible
                        ? t('instanceOptions.database.hide')
                        : t('instanceOptions.database.show')
                    }
                    onClick={() => setVisible(!visible)}
                    edge="end"
                  >
                    {visible ? <VisibilityOff /> : <Visibility />}
                  </IconButton>
                </InputAdornment>
              ),
            },
          }}
        />
        {!external && (
          <Button
            variant="outlined"
            data-testid="db-generate"
            onClick={() => {
              onChange(value, { password: generatePassword() });
              onTouch('credentials.database.password');
              setVisible(true);
            }}
            sx={{ mt: 1, flexShrink: 0 }}
          >
            {t('instanceOptions.database.generate')}
          </Button>
        )}
      </Stack>
    </Stack>
  );
}
