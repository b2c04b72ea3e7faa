import { expect, it } from 'vitest';

import { lineDiff } from './line-diff';

it('shows changes with context', () => {
  const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
  const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
  expect(lineDiff(before, after, 1)).toBe(
    ['  d', '- e', '+ E', '  f', '@@', '  j', '+ k'].join('\n'),
  );
});

it('shows a new text as additions', () => {
  expect(lineDiff('', 'x\ny\n')).toBe('+ x\n+ y');
});
