import { describe, expect, it } from 'vitest';

import en from '../i18n/areas/instances.en.json';
import ko from '../i18n/areas/instances.ko.json';
import {
  DatabaseSchema,
  GpuPoolSchema,
  InstanceCredentialsSchema,
  InstanceOptionFieldsSchema,
  NodePoolSchema,
  ObjectStorageSchema,
  fieldErrorsOf,
  optionMessage,
  validateOptionsForm,
  validationCodes,
} from './options';

function errorsOf(
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  if (result.success) return {};
  return fieldErrorsOf(result.error as Parameters<typeof fieldErrorsOf>[0]);
}

const placeholders = (text: string) =>
  [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();

describe('option schemas', () => {
  it('accepts a GPU pool with a MIG profile', () => {
    const pool = GpuPoolSchema.parse({
      nodeSelector: { 'kubeflow-desktop.io/pool': 'gpu' },
      migProfile: '1g.10gb',
    });

    expect(pool).toEqual({
      nodeSelector: { 'kubeflow-desktop.io/pool': 'gpu' },
      tolerations: [],
      gpuCount: null,
      migProfile: '1g.10gb',
    });
  });

  it('rejects a GPU count with a MIG profile', () => {
    const errors = errorsOf(GpuPoolSchema, {
      nodeSelector: { pool: 'gpu' },
      gpuCount: 2,
      migProfile: '1g.10gb',
    });

    expect(errors['migProfile']?.code).toBe('instanceOptions.validation.gpuCountWithMig');
  });

  it('names an invalid GPU count', () => {
    const errors = errorsOf(GpuPoolSchema, { nodeSelector: { pool: 'gpu' }, gpuCount: 40 });

    expect(errors['gpuCount']).toEqual({
      code: 'instanceOptions.validation.gpuCountInvalid',
      params: { value: '40' },
    });
  });

  it('names an invalid label value', () => {
    const errors = errorsOf(NodePoolSchema, {
      nodeSelector: { 'kubeflow-desktop.io/pool': 'GPU pool' },
    });

    expect(Object.values(errors)[0]).toEqual({
      code: 'instanceOptions.validation.labelValueInvalid',
      params: { value: 'GPU pool' },
    });
  });

  it('rejects an empty node selector', () => {
    const errors = errorsOf(NodePoolSchema, { nodeSelector: {} });

    expect(errors['nodeSelector']?.code).toBe('instanceOptions.validation.nodeSelectorEmpty');
  });

  it('rejects an endpoint with a scheme', () => {
    const errors = errorsOf(ObjectStorageSchema, {
      kind: 'external-s3',
      endpoint: 'https://s3.example.com',
      bucket: 'b1b',
      region: 'us-east-1',
    });

    expect(errors['endpoint']?.params).toEqual({ value: 'https://s3.example.com' });
  });

  it('names a missing bucket', () => {
    const errors = errorsOf(ObjectStorageSchema, {
      kind: 'external-s3',
      endpoint: 's3.example.com',
      bucket: '',
      region: 'us-east-1',
    });

    expect(errors['bucket']).toEqual({
      code: 'instanceOptions.validation.bucketMissing',
      params: {},
    });
  });

  it('fills database defaults', () => {
    expect(
      DatabaseSchema.parse({
        kind: 'external-mysql',
        host: 'db.example.com',
        user: 'kfp',
        port: '3307',
      }),
    ).toEqual({
      kind: 'external-mysql',
      host: 'db.example.com',
      user: 'kfp',
      port: 3307,
      credentialsSecret: 'mysql-secret',
    });
  });

  it('names an invalid domain', () => {
    const errors = errorsOf(InstanceOptionFieldsSchema, { domain: 'http://kubeflow' });

    expect(errors['domain']?.code).toBe('instanceOptions.validation.domainInvalid');
  });

  it('rejects a short password without echoing it', () => {
    const result = InstanceCredentialsSchema.safeParse({ database: { password: 'abc' } });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'The database password has 3 characters. Use at least 8, or generate one.',
    );
  });
});

describe('validateOptionsForm', () => {
  it('requires the credentials the options need', () => {
    const errors = validateOptionsForm({
      options: {
        objectStorage: {
          kind: 'external-s3',
          endpoint: 's3.example.com',
          bucket: 'kfp-data',
          region: 'us-east-1',
        },
        database: { kind: 'bundled-mysql' },
      },
      credentials: {},
    });

    expect(Object.keys(errors).sort()).toEqual([
      'credentials.database.password',
      'credentials.objectStorage.accessKeyId',
    ]);
  });

  it('accepts a complete form', () => {
    const errors = validateOptionsForm({
      options: {
        storageClass: 'standard',
        domain: 'kubeflow.example.com',
        database: { kind: 'bundled-mysql' },
      },
      credentials: { database: { password: 'a-long-password' } },
    });

    expect(errors).toEqual({});
  });
});

describe('option locale keys', () => {
  it('define every validation code', () => {
    for (const code of validationCodes) {
      const english = (en.instanceOptions.validation as Record<string, string>)[code];
      const korean = (ko.instanceOptions.validation as Record<string, string>)[code];
      expect(english, code).toBeDefined();
      expect(korean, code).toBeDefined();
      expect(placeholders(korean ?? ''), code).toEqual(placeholders(english ?? ''));
    }
  });

  it('match the English messages', () => {
    const params = { value: 'X', length: '3', path: 'a.b', detail: 'D' };
    for (const code of validationCodes) {
      const template = (en.instanceOptions.validation as Record<string, string>)[code] ?? '';
      const filled = template.replace(
        /{{(\w+)}}/g,
        (_, key: string) => params[key as keyof typeof params] ?? '',
      );
      expect(filled, code).toBe(optionMessage(code, params));
    }
  });
});
