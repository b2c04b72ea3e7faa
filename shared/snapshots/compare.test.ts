import { describe, expect, it } from 'vitest';

import { compareSections, compareSnapshots } from './compare';
import { sampleSections, sampleSnapshot } from './sample-snapshot';

describe('compareSnapshots', () => {
  it('finds no change between equal snapshots', () => {
    const diff = compareSnapshots(sampleSnapshot(), sampleSnapshot({ id: 'another-snapshot' }));

    expect(diff.entries).toEqual([]);
    expect(diff.unavailable).toEqual([]);
  });

  it('reports added, removed and changed users', () => {
    const before = sampleSnapshot({
      users: { 'bob@example.com': 'edit', 'carol@example.com': 'view' },
    });
    const after = sampleSnapshot({
      users: { 'bob@example.com': 'view', 'dave@example.com': 'edit' },
    });

    const users = compareSnapshots(before, after).entries.filter(
      (entry) => entry.section === 'users',
    );

    expect(users).toEqual([
      {
        section: 'users',
        change: 'changed',
        key: 'bob@example.com',
        before: 'edit',
        after: 'view',
      },
      {
        section: 'users',
        change: 'removed',
        key: 'carol@example.com',
        before: 'view',
        after: null,
      },
      { section: 'users', change: 'added', key: 'dave@example.com', before: null, after: 'edit' },
    ]);
  });

  it('reports bindings by subject', () => {
    const before = sampleSnapshot({ users: {} });
    const after = sampleSnapshot({ users: { 'erin@example.com': 'edit' } });

    const bindings = compareSnapshots(before, after).entries.filter(
      (entry) => entry.section === 'bindings',
    );

    expect(bindings).toEqual([
      {
        section: 'bindings',
        change: 'added',
        key: 'User erin@example.com in team-a',
        before: null,
        after: 'kubeflow-edit',
      },
    ]);
  });

  it('reports a changed component version', () => {
    const diff = compareSnapshots(sampleSnapshot(), sampleSnapshot({ katibVersion: 'v0.17.0' }));

    expect(diff.entries).toEqual([
      {
        section: 'components',
        change: 'changed',
        key: 'katib',
        before: 'v0.18.0 (expected v0.18.0)',
        after: 'v0.17.0 (expected v0.18.0)',
      },
    ]);
  });

  it('reports matrix cells and spec fields', () => {
    const before = sampleSections();
    const after = sampleSections();
    after.matrix?.cells.splice(2, 1, { role: 'view', permission: 'notebooks', value: 'allowed' });
    if (after.instance) after.instance.spec = { ...after.instance.spec, release: '1.8.0' };

    const entries = compareSections(before, after).entries;

    expect(entries).toContainEqual({
      section: 'matrix',
      change: 'changed',
      key: 'view / notebooks',
      before: 'denied',
      after: 'allowed',
    });
    expect(entries).toContainEqual({
      section: 'spec',
      change: 'changed',
      key: 'release',
      before: '1.10.0',
      after: '1.8.0',
    });
  });

  it('leaves out sections one side lacks', () => {
    const after = { ...sampleSections(), access: null };

    const diff = compareSections(sampleSections({ users: { 'x@example.com': 'edit' } }), after);

    expect(diff.unavailable).toEqual(['users', 'groups', 'bindings']);
    expect(diff.entries.some((entry) => entry.section === 'users')).toBe(false);
  });
});
