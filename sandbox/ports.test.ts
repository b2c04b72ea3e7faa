import { describe, expect, it } from 'vitest';

import { findFreePorts } from './ports';

describe('findFreePorts', () => {
  it('never hands out a port twice', async () => {
    const batches = await Promise.all(Array.from({ length: 8 }, () => findFreePorts(6)));
    const all = batches.flat();

    expect(all).toHaveLength(48);
    expect(new Set(all).size).toBe(48);
  });
});
