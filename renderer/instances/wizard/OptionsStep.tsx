import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ClusterFacts } from '../../../shared/contract/areas/instance-options';
import type { LocalizedText } from '../../../shared/contract/schemas';
import {
  nodePools,
  validateOptionsForm,
  type OptionsFormValue,
} from '../../../shared/provision/options';
import { DatabaseSection } from './options/DatabaseSection';
import { GpuFields } from './options/GpuFields';
import { ObjectStorageSection } from './options/ObjectStorageSection';
import { PoolPicker } from './options/PoolPicker';
import { StorageClassField } from './options/StorageClassField';
import type { PlacementInput } from './options/form-value';
import { useFieldError } from './options/useFieldError';

export interface OptionsStepProps {
  /** Facts of the target cluster, or null while they load or when they could not be read. */
  facts: ClusterFacts | null;
  value: OptionsFormValue;
  onChange(value: OptionsFormValue): void;
  /** Messages per field path; when absent, the step validates the value itself. */
  errors?: Record<string, LocalizedText>;
  /** Email of the first owner, to show the namespace derived from it. */
  ownerEmail?: string;
  /**
   * Shows the message of every invalid field, such as after the user tried
   * to go on. Otherwise only fields the user has edited show theirs.
   */
  showAllErrors?: boolean;
}

function Section({ title, body, children }: { title: string; body?: string; children: ReactNode }) {
  return (
    <Stack spacing={2} component="section" aria-label={title}>
      <Typography variant="subtitle1" component="h3">
        {title}
      </Typography>
      {body && (
        <Typography variant="body2" color="text.secondary">
          {body}
        </Typography>
      )}
      {children}
    </Stack>
  );
}

/** Derives the namespace name upstream would give the email (`user@example.com` → `kubeflow-user-example-com`). */
function derivedNamespace(email: string): string {
  const slug = email
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `kubeflow-${slug}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Shows the creation options of the wizard as a controlled form: owner
 * namespace, node pools, storage class, object storage, database and
 * domain. Credentials stay in `value.credentials`, apart from the options
 * that go into the instance record.
 */
export function OptionsStep({
  facts,
  value,
  onChange,
  errors,
  ownerEmail,
  showAllErrors = false,
}: OptionsStepProps) {
  const { t } = useTranslation();
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const computed = useMemo(() => errors ?? validateOptionsForm(value), [errors, value]);
  const visible = useMemo(() => {
    if (showAllErrors) return computed;
    const isTouched = (path: string) =>
      [...touched].some((name) => path === name || path.startsWith(`${name}.`));
    return Object.fromEntries(Object.entries(computed).filter(([path]) => isTouched(path)));
  }, [computed, showAllErrors, touched]);
  const fieldError = useFieldError(visible);
  const touch = (path: string) => {
    if (path && !touched.has(path)) setTouched(new Set([...touched, path]));
  };
  const touchInput = (event: { target: EventTarget }) => {
    if (event.target instanceof HTMLInputElement) touch(event.target.name);
  };
  const { options, credentials } = value;
  const placement: PlacementInput = options.nodePlacement ?? {};

  const setOptions = (next: Partial<OptionsFormValue['options']>) =>
    onChange({ ...value, options: { ...options, ...next } });
  const setPlacement = (next: Partial<PlacementInput>) =>
    setOptions({ nodePlacement: { ...placement, ...next } });
  const poolError = (name: string) =>
    fieldError(`nodePlacement.${name}`) ??
    Object.keys(visible)
      .filter((path) => path.startsWith(`nodePlacement.${name}.nodeSelector`))
      .map((path) => fieldError(path))
      .find(Boolean);

  const email = ownerEmail?.trim();
  const gpu = placement.gpu ?? null;

  return (
    <Stack spacing={3} data-testid="options-step" onChange={touchInput} onBlur={touchInput}>
      <Section title={t('instanceOptions.owner.title')}>
        <TextField
          fullWidth
          label={t('instanceOptions.owner.namespaceLabel')}
          value={options.ownerNamespace ?? ''}
          placeholder={email ? derivedNamespace(email) : undefined}
          onChange={(event) => setOptions({ ownerNamespace: event.target.value.trim() || null })}
          error={Boolean(fieldError('ownerNamespace'))}
          helperText={
            fieldError('ownerNamespace') ??
            (email
              ? t('instanceOptions.owner.namespaceHelp', { derived: derivedNamespace(email) })
              : t('instanceOptions.owner.namespaceHelpNoEmail'))
          }
          slotProps={{
            htmlInput: {
              'data-testid': 'owner-namespace',
              name: 'ownerNamespace',
              spellCheck: false,
            },
          }}
        />
      </Section>

      <Divider />
      <Section
        title={t('instanceOptions.placement.title')}
        body={t('instanceOptions.placement.body')}
      >
        {nodePools.map((name) => (
          <PoolPicker
            key={name}
            name={name}
            facts={facts}
            value={placement[name] ?? null}
            onChange={(pool) =>
              setPlacement({ [name]: name === 'gpu' && pool ? { ...(gpu ?? {}), ...pool } : pool })
            }
            error={poolError(name)}
          />
        ))}
        {gpu && (
          <GpuFields
            facts={facts}
            value={gpu}
            onChange={(next) => setPlacement({ gpu: next })}
            fieldError={fieldError}
          />
        )}
      </Section>

      <Divider />
      <Section title={t('instanceOptions.storage.title')}>
        <StorageClassField
          facts={facts}
          value={options.storageClass ?? null}
          onChange={(storageClass) => setOptions({ storageClass })}
          error={fieldError('storageClass')}
        />
      </Section>

      <Divider />
      <Section title={t('instanceOptions.objectStorage.title')}>
        <ObjectStorageSection
          value={options.objectStorage ?? { kind: 'bundled-minio' }}
          credentials={credentials.objectStorage ?? null}
          onChange={(objectStorage, keys) =>
            onChange({
              options: { ...options, objectStorage },
              credentials: { ...credentials, objectStorage: keys },
            })
          }
          fieldError={fieldError}
        />
      </Section>

      <Divider />
      <Section title={t('instanceOptions.database.title')}>
        <DatabaseSection
          value={options.database ?? { kind: 'bundled-mysql' }}
          credentials={credentials.database ?? null}
          onChange={(database, password) =>
            onChange({
              options: { ...options, database },
              credentials: { ...credentials, database: password },
            })
          }
          fieldError={fieldError}
          onTouch={touch}
        />
      </Section>

      <Divider />
      <Section title={t('instanceOptions.domain.title')}>
        <TextField
          fullWidth
          label={t('instanceOptions.domain.label')}
          value={options.domain ?? ''}
          onChange={(event) => setOptions({ domain: event.target.value.trim() || null })}
          error={Boolean(fieldError('domain'))}
          helperText={fieldError('domain') ?? t('instanceOptions.domain.help')}
          slotProps={{ htmlInput: { 'data-testid': 'domain', name: 'domain', spellCheck: false } }}
        />
      </Section>
    </Stack>
  );
}
