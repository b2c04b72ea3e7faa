// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';

import type { ClusterFacts } from '../../../shared/contract/areas/instance-options';
import type { OptionsFormValue } from '../../../shared/provision/options';
import { createI18n } from '../../app/i18n';
import { OptionsStep } from './OptionsStep';
import { defaultOptionsFormValue } from './options/form-value';

afterEach(cleanup);

const facts: ClusterFacts = {
  nodeCount: 4,
  pools: [
    {
      label: 'kubeflow-desktop.io/pool',
      value: 'gpu',
      nodeCount: 1,
      gpuCount: 2,
      migProfiles: ['1g.10gb'],
      taints: [{ key: 'nvidia.com/gpu', value: null, effect: 'NoSchedule' }],
    },
    {
      label: 'kubeflow-desktop.io/pool',
      value: 'ingress',
      nodeCount: 1,
      gpuCount: 0,
      migProfiles: [],
      taints: [],
    },
    {
      label: 'kubeflow-desktop.io/pool',
      value: 'worker',
      nodeCount: 2,
      gpuCount: 0,
      migProfiles: [],
      taints: [],
    },
  ],
  storageClasses: [
    { name: 'fast', provisioner: 'example.com/ssd', isDefault: false },
    { name: 'standard', provisioner: 'example.com/hdd', isDefault: true },
  ],
  defaultStorageClass: 'standard',
  istioGatewayKind: true,
  ingressGateway: true,
  readAt: '2026-01-01T00:00:00.000Z',
};

/** Renders the step with its value in React state, as the wizard keeps it, and exposes the latest value. */
function renderStep(
  options: { facts?: ClusterFacts | null; language?: 'en' | 'ko'; showAllErrors?: boolean } = {},
) {
  const latest: { value: OptionsFormValue } = { value: defaultOptionsFormValue() };
  function Harness() {
    const [value, setValue] = useState<OptionsFormValue>(latest.value);
    return (
      <OptionsStep
        facts={options.facts === undefined ? facts : options.facts}
        value={value}
        ownerEmail="alice@example.com"
        showAllErrors={options.showAllErrors}
        onChange={(next) => {
          latest.value = next;
          setValue(next);
        }}
      />
    );
  }
  render(
    <I18nextProvider i18n={createI18n(options.language ?? 'en')}>
      <Harness />
    </I18nextProvider>,
  );
  return latest;
}

function choose(label: string, option: RegExp | string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: label }));
  fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: option }));
}

describe('OptionsStep', () => {
  it('offers the cluster pools', () => {
    renderStep();

    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Worker pool' }));

    const names = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(names).toEqual([
      'No pool (the scheduler decides)',
      'kubeflow-desktop.io/pool=gpu · 1 nodes · 2 GPUs',
      'kubeflow-desktop.io/pool=ingress · 1 nodes',
      'kubeflow-desktop.io/pool=worker · 2 nodes',
    ]);
  });

  it('places the GPU pool with its taints', () => {
    const latest = renderStep();

    choose('GPU pool (optional)', /pool=gpu/);

    expect(latest.value.options.nodePlacement?.gpu).toMatchObject({
      nodeSelector: { 'kubeflow-desktop.io/pool': 'gpu' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
    expect(screen.getByText('Tolerates: nvidia.com/gpu:NoSchedule')).toBeTruthy();
    expect(screen.getByText('The pool offers: 1g.10gb')).toBeTruthy();
  });

  it('names an invalid GPU count', () => {
    const latest = renderStep();
    choose('GPU pool (optional)', /pool=gpu/);

    fireEvent.change(screen.getByTestId('gpu-count'), { target: { value: '40' } });

    expect(latest.value.options.nodePlacement?.gpu?.gpuCount).toBe(40);
    expect(
      screen.getByText('GPU count "40" is invalid. Enter a whole number from 1 to 16.'),
    ).toBeTruthy();
  });

  it('names an invalid domain', () => {
    renderStep();

    fireEvent.change(screen.getByTestId('domain'), { target: { value: 'https://kubeflow' } });

    expect(screen.getByText(/^Domain "https:\/\/kubeflow" is invalid\./)).toBeTruthy();
  });

  it('keeps S3 keys out of the options', () => {
    const latest = renderStep();

    fireEvent.click(screen.getByTestId('object-storage-external'));
    fireEvent.change(screen.getByTestId('s3-endpoint'), { target: { value: 's3.example.com' } });
    fireEvent.change(screen.getByTestId('s3-access-key'), { target: { value: 'key-id-value' } });
    fireEvent.change(screen.getByTestId('s3-secret-key'), {
      target: { value: 'secret-key-value' },
    });

    expect(latest.value.options.objectStorage).toMatchObject({
      kind: 'external-s3',
      endpoint: 's3.example.com',
    });
    expect(latest.value.credentials.objectStorage).toEqual({
      accessKeyId: 'key-id-value',
      secretAccessKey: 'secret-key-value',
    });
    expect(JSON.stringify(latest.value.options)).not.toContain('secret-key-value');
    expect(screen.getByTestId('s3-secret-key').getAttribute('type')).toBe('password');
  });

  it('generates a database password', () => {
    const latest = renderStep({ showAllErrors: true });
    expect(
      screen.getByText('The database password has 0 characters. Use at least 8, or generate one.'),
    ).toBeTruthy();

    fireEvent.click(screen.getByTestId('db-generate'));

    const password = latest.value.credentials.database?.password ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect((screen.getByTestId('db-password') as HTMLInputElement).value).toBe(password);
    expect(screen.getByTestId('db-password').getAttribute('type')).toBe('text');
    expect(screen.queryByText(/database password has/)).toBeNull();
  });

  it('hides messages of untouched fields', () => {
    renderStep();

    expect(screen.queryByText(/database password has/)).toBeNull();
  });

  it('picks a storage class', () => {
    const latest = renderStep();

    choose('Storage class', 'fast (example.com/ssd)');

    expect(latest.value.options.storageClass).toBe('fast');
  });

  it('takes a node label without pools', () => {
    const latest = renderStep({ facts: null });

    fireEvent.change(screen.getByTestId('pool-worker'), { target: { value: 'node-pool=workers' } });
    expect(latest.value.options.nodePlacement?.worker).toEqual({
      nodeSelector: { 'node-pool': 'workers' },
      tolerations: [],
    });

    fireEvent.change(screen.getByTestId('pool-worker'), { target: { value: 'workers' } });
    expect(screen.getByText(/"workers" is not in the form key=value/)).toBeTruthy();
  });

  it('shows messages in Korean', () => {
    renderStep({ language: 'ko' });

    fireEvent.change(screen.getByTestId('owner-namespace'), { target: { value: 'Team_A' } });

    expect(screen.getByText(/^네임스페이스 "team_a"이\(가\) 올바르지 않습니다\./i)).toBeTruthy();
  });
});
