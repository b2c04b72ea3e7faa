import { describe, expect, it } from 'vitest';

import { sampleSnapshot } from './sample-snapshot';
import { importLimits } from './schema';
import { formatSnapshotFile, parseSnapshotFile, type ParsedSnapshotFile } from './snapshot-file';

function problemOf(result: ParsedSnapshotFile) {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.problem;
}

describe('parseSnapshotFile round trip', () => {
  it.each(['yaml', 'json'] as const)('reads back a %s export', (format) => {
    const snapshot = sampleSnapshot();

    const parsed = parseSnapshotFile(formatSnapshotFile(snapshot, format));

    expect(parsed).toEqual({ ok: true, file: { kind: 'KubeflowDesktopSnapshot', snapshot } });
  });
});

describe('parseSnapshotFile rejects', () => {
  it('truncated JSON with its line', () => {
    const text = formatSnapshotFile(sampleSnapshot(), 'json');
    const truncated = text.slice(0, Math.floor(text.length / 2));

    const problem = problemOf(parseSnapshotFile(truncated));

    expect(problem.line).toBeGreaterThan(1);
    expect(problem.reason).not.toBe('');
  });

  it('truncated YAML', () => {
    const text = formatSnapshotFile(sampleSnapshot(), 'yaml');
    const truncated = text.slice(0, text.indexOf('sections:') + 'sections:'.length);

    const problem = problemOf(parseSnapshotFile(truncated));

    expect(problem.reason).toMatch(/snapshot\.sections/);
    expect(problem.line).toBe(truncated.split('\n').length);
  });

  it('a wrong type at its line', () => {
    const text = formatSnapshotFile(sampleSnapshot(), 'yaml').replace(
      /objectCount: 42/,
      'objectCount: many',
    );
    const line = text.split('\n').findIndex((row) => row.includes('objectCount: many')) + 1;

    const problem = problemOf(parseSnapshotFile(text));

    expect(problem.reason).toMatch(/^snapshot\.sections\.instance\.objectCount: /);
    expect(problem.line).toBe(line);
  });

  it('an unknown field', () => {
    const file = JSON.parse(formatSnapshotFile(sampleSnapshot(), 'json'));
    file.snapshot.token = 'x';

    const problem = problemOf(parseSnapshotFile(JSON.stringify(file, null, 2)));

    expect(problem.reason).toMatch(/token/);
  });

  it('a file of another kind', () => {
    const problem = problemOf(parseSnapshotFile('apiVersion: v1\nkind: ConfigMap\n'));

    expect(problem.reason).toMatch(/KubeflowDesktopSnapshot/);
  });

  it('an empty file', () => {
    expect(problemOf(parseSnapshotFile('  \n')).reason).toBe('The file is empty.');
  });

  it('a file over the size limit', () => {
    const text = `kind: KubeflowDesktopSnapshot\nnote: "${'x'.repeat(importLimits.maxBytes)}"\n`;

    expect(problemOf(parseSnapshotFile(text)).reason).toMatch(/more than the 2097152/);
  });

  it('deeply nested flow collections', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);

    const problem = problemOf(parseSnapshotFile(text));

    expect(problem.reason).toMatch(/nests more than 32 levels/);
    expect(problem).toMatchObject({ line: 1, column: 33 });
  });

  it('deeply nested block mappings', () => {
    const text =
      Array.from({ length: 200 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n') +
      ' 1\n';

    expect(problemOf(parseSnapshotFile(text)).reason).toMatch(/nests more than 32 levels/);
  });

  it('an alias bomb', () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    rows.push('kind: KubeflowDesktopSnapshot');

    const problem = problemOf(parseSnapshotFile(rows.join('\n')));

    expect(problem.reason).toMatch(/alias/i);
  });

  it('duplicate keys at their line', () => {
    const problem = problemOf(parseSnapshotFile('kind: KubeflowDesktopSnapshot\nkind: again\n'));

    expect(problem.line).toBe(2);
    expect(problem.reason).toMatch(/unique/i);
  });
});
