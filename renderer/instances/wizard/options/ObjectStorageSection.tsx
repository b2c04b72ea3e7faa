import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

import {
  defaultObjectStorageSecret,
  type OptionsFormValue,
} from '../../../../shared/provision/options';

type Storage = NonNullable<OptionsFormValue['options']['objectStorage']>;
type External = Extract<Storage, { kind: 'external-s3' }>;
type Keys = NonNullable<OptionsFormValue['credentials']['objectStorage']>;

export interface ObjectStorageSectionProps {
  value: Storage;
  credentials: Keys | null;
  onChange(value: Storage, credentials: Keys | null): void;
  fieldError(path: string): string | undefined;
}

/** Bundled MinIO, or an external S3-compatible bucket with its keys (kept out of the spec). */
export function ObjectStorageSection({
  value,
  credentials,
  onChange,
  fieldError,
}: ObjectStorageSectionProps) {
  const { t } = useTranslation();

  const chooseKind = (kind: string) => {
    if (kind === 'external-s3') {
      onChange(
        { kind, endpoint: '', bucket: '', region: '', secure: true },
        { accessKeyId: '', secretAccessKey: '' },
      );
    } else {
      onChange({ kind: 'bundled-minio' }, null);
    }
  };

  const external = value.kind === 'external-s3' ? (value as External) : null;
  const keys = credentials ?? { accessKeyId: '', secretAccessKey: '' };
  const text = (field: 'endpoint' | 'bucket' | 'region', testId: string, help?: string) => {
    const error = fieldError(`objectStorage.${field}`);
    return (
      <TextField
        fullWidth
        label={t(`instanceOptions.objectStorage.${field}`)}
        value={external?.[field] ?? ''}
        onChange={(event) =>
          external && onChange({ ...external, [field]: event.target.value.trim() }, keys)
        }
        error={Boolean(error)}
        helperText={error ?? help}
        slotProps={{
          htmlInput: { 'data-testid': testId, name: `objectStorage.${field}`, spellCheck: false },
        }}
      />
    );
  };
  const secret = (field: 'accessKeyId' | 'secretAccessKey', testId: string) => {
    const error = fieldError(`credentials.objectStorage.${field}`);
    return (
      <TextField
        fullWidth
        type="password"
        autoComplete="off"
        label={t(`instanceOptions.objectStorage.${field}`)}
        value={keys[field]}
        onChange={(event) =>
          external && onChange(external, { ...keys, [field]: event.target.value })
        }
        error={Boolean(error)}
        helperText={
          error ??
          t('instanceOptions.objectStorage.credentialsHelp', {
            secret: external?.credentialsSecret ?? defaultObjectStorageSecret,
          })
        }
        slotProps={{
          htmlInput: { 'data-testid': testId, name: `credentials.objectStorage.${field}` },
        }}
      />
    );
  };

  return (
    <Stack spacing={2}>
      <RadioGroup row value={value.kind} onChange={(event) => chooseKind(event.target.value)}>
        <FormControlLabel
          value="bundled-minio"
          control={<Radio />}
          label={t('instanceOptions.objectStorage.bundled')}
        />
        <FormControlLabel
          value="external-s3"
          control={
            <Radio slotProps={{ input: { 'data-testid': 'object-storage-external' } as object }} />
          }
          label={t('instanceOptions.objectStorage.external')}
        />
      </RadioGroup>
      {external && (
        <Stack spacing={2}>
          {text('endpoint', 's3-endpoint', t('instanceOptions.objectStorage.endpointHelp'))}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            {text('bucket', 's3-bucket')}
            {text('region', 's3-region')}
          </Stack>
          <FormControlLabel
            control={
              <Switch
                checked={external.secure !== false}
                onChange={(event) => onChange({ ...external, secure: event.target.checked }, keys)}
              />
            }
            label={t('instanceOptions.objectStorage.secure')}
          />
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            {secret('accessKeyId', 's3-access-key')}
            {secret('secretAccessKey', 's3-secret-key')}
          </Stack>
        </Stack>
      )}
    </Stack>
  );
}
