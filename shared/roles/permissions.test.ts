import { describe, expect, it } from 'vitest';

import { compileMatrix, clusterRoleName } from './compile';
import { exportMatrixYaml, importMatrixYaml } from './matrix-yaml';
import {
  compareMatrices,
  defaultMatrix,
  lockReason,
  normalizeMatrix,
  permissions,
  togglePermission,
} from './permissions';

describe('default matrix', () => {
  it('gives the owner every permission', () => {
    expect(defaultMatrix.owner).toEqual([...permissions]);
  });

  it('lets group view write the model registry', () => {
    expect(defaultMatrix.groupView).toContain('editModelRegistry');
    expect(defaultMatrix.groupView).not.toContain('editNotebooks');
  });

  it('is already normalized', () => {
    expect(normalizeMatrix(defaultMatrix)).toEqual(defaultMatrix);
  });
});

describe('editing', () => {
  it('keeps the owner column fixed', () => {
    expect(lockReason(defaultMatrix, 'owner', 'viewNotebooks')).toBe('ownerFixed');
    expect(togglePermission(defaultMatrix, 'owner', 'viewNotebooks')).toBe(defaultMatrix);
  });

  it('locks a view while its write is granted', () => {
    expect(lockReason(defaultMatrix, 'groupEdit', 'viewNotebooks')).toBe('impliedByWrite');
    expect(lockReason(defaultMatrix, 'groupView', 'viewNotebooks')).toBeNull();
  });

  it('grants the view with a write', () => {
    const withoutView = { ...defaultMatrix, groupView: [] };
    const next = togglePermission(withoutView, 'groupView', 'editKatib');
    expect(next.groupView).toEqual(['viewKatib', 'editKatib']);
  });

  it('compares cell by cell', () => {
    const next = togglePermission(defaultMatrix, 'groupView', 'editModelRegistry');
    expect(compareMatrices(defaultMatrix, next)).toEqual([
      { role: 'groupView', permission: 'editModelRegistry', left: true, right: false },
    ]);
  });
});

describe('compile', () => {
  const roles = compileMatrix(defaultMatrix, '1.10.0', 'team');

  it('makes one labelled ClusterRole per column', () => {
    expect(roles.map((role) => role.metadata.name)).toEqual([
      'kubeflow-desktop-team-owner',
      'kubeflow-desktop-team-user',
      'kubeflow-desktop-team-group-admin',
      'kubeflow-desktop-team-group-edit',
      'kubeflow-desktop-team-group-view',
    ]);
    for (const role of roles) {
      expect(role.metadata.labels['app.kubernetes.io/managed-by']).toBe('kubeflow-desktop');
    }
  });

  it('lets group admins bind the group roles', () => {
    const admin = roles.find(
      (role) => role.metadata.name === clusterRoleName('team', 'groupAdmin'),
    );
    const bind = admin?.rules.find((rule) => rule.verbs.includes('bind'));
    expect(bind).toMatchObject({
      resourceNames: [
        clusterRoleName('team', 'groupAdmin'),
        clusterRoleName('team', 'groupEdit'),
        clusterRoleName('team', 'groupView'),
      ],
    });
  });
});

describe('matrix YAML', () => {
  it('round-trips', () => {
    const text = exportMatrixYaml(defaultMatrix, '1.10.0');
    expect(importMatrixYaml(text)).toEqual({ ok: true, matrix: defaultMatrix, release: '1.10.0' });
  });

  it('rejects an unknown permission with its line', () => {
    const text = exportMatrixYaml(defaultMatrix).replace('- viewKatib\n', '- viewKatlib\n');
    const result = importMatrixYaml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split('\n').findIndex((each) => each.includes('viewKatlib')) + 1;
    expect(result.problems).toContainEqual({
      line,
      reason: 'unknownPermission',
      value: 'viewKatlib',
    });
  });

  it('rejects malformed YAML', () => {
    const result = importMatrixYaml('kind: PermissionMatrix\nroles: [user: {\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.reason).toBe('syntax');
  });

  it('rejects a wrong kind and an unknown role', () => {
    const result = importMatrixYaml(
      'apiVersion: kubeflow-desktop.io/v1\nkind: Other\nroles:\n  boss: []\n',
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 2, reason: 'wrongKind', value: 'Other' },
        { line: 4, reason: 'unknownRole', value: 'boss' },
      ],
    });
  });

  it('rejects an owner column that is not full', () => {
    const result = importMatrixYaml(
      'apiVersion: kubeflow-desktop.io/v1\nkind: PermissionMatrix\nroles:\n  owner: [viewNotebooks]\n',
    );
    expect(result.ok).toBe(false);
  });
});
