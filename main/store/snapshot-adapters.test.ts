import { describe, expect, it } from 'vitest';

import { defaultMatrix } from '../../shared/roles/permissions';
import {
  SnapshotAccessSchema,
  SnapshotMatrixSchema,
  SnapshotStatusSchema,
} from '../../shared/snapshots/schema';
import type { AccessSnapshot } from '../access/area';
import { accessSection, matrixSection, statusSection } from './snapshot-adapters';

describe('snapshot adapters', () => {
  it('keeps component versions and the history of the status view', () => {
    const section = statusSection(
      {
        key: 'kubeflow/kf@ctx',
        contextId: 'ctx',
        namespace: 'kubeflow',
        name: 'kf',
        release: '1.10.0',
        serviceType: 'serving',
        phase: 'Active',
        reason: null,
        since: '2026-12-04T10:00:00.000Z',
        unreachableSince: null,
        recordPhase: 'Creating',
        components: [
          {
            id: 'katib',
            expectedVersion: '0.18.0',
            observedVersion: '0.17.0',
            drift: ['katib-controller:v0.17.0 (v0.18.0)'],
            health: 'Healthy',
            reason: null,
            objects: 12,
          },
        ],
        faults: [],
        events: [],
        observedAt: '2026-12-04T10:05:00.000Z',
      },
      [
        {
          name: 'allHealthy',
          from: 'Creating',
          to: 'Active',
          reason: null,
          at: '2026-12-04T10:00:00.000Z',
        },
      ],
    );

    expect(SnapshotStatusSchema.parse(section).components[0]).toEqual({
      id: 'katib',
      expectedVersion: '0.18.0',
      observedVersion: '0.17.0',
      objectCount: 12,
      state: 'Healthy',
    });
    expect(section.history).toEqual([
      { phase: 'Active', reason: null, at: '2026-12-04T10:00:00.000Z' },
    ]);
  });

  it('lists owners, users, group members and their bindings', () => {
    const access = {
      owners: [{ email: 'Owner@example.com', bound: true, bindingName: 'b' }],
      users: [{ name: 'u-alice', owner: 'alice@example.com' }],
      groups: [{ name: 'g-team' }],
      members: [
        {
          namespace: 'g-team',
          bindingName: 'user-bob-example-com-clusterrole-view',
          email: 'bob@example.com',
          role: 'view',
          clusterRole: 'kubeflow-desktop-kf-group-view',
          caseDiffers: false,
          authorizationPolicy: false,
        },
      ],
    } as unknown as AccessSnapshot;

    const section = SnapshotAccessSchema.parse(accessSection(access));

    expect(section.owners).toEqual(['Owner@example.com']);
    expect(section.users).toEqual([{ email: 'alice@example.com', role: 'user:u-alice' }]);
    expect(section.groups).toEqual([{ name: 'g-team', members: ['bob@example.com (view)'] }]);
    expect(section.bindings).toHaveLength(2);
  });

  it('writes one cell per role and permission', () => {
    const section = SnapshotMatrixSchema.parse(matrixSection(defaultMatrix));

    expect(section.cells).toHaveLength(section.roles.length * section.permissions.length);
    expect(section.cells.find((cell) => cell.role === 'owner')?.value).toBe('allowed');
  });
});
