import { describe, expect, it } from 'vitest';

import { backoffMs, defaultWatchTiming } from './watch';

describe('backoffMs', () => {
  it('doubles per failure within its jitter band', () => {
    expect(backoffMs(1, defaultWatchTiming, () => 0)).toBe(250);
    expect(backoffMs(1, defaultWatchTiming, () => 1)).toBe(500);
    expect(backoffMs(3, defaultWatchTiming, () => 0)).toBe(1_000);
    expect(backoffMs(3, defaultWatchTiming, () => 1)).toBe(2_000);
  });

  it('stops growing at the maximum', () => {
    expect(backoffMs(30, defaultWatchTiming, () => 1)).toBe(defaultWatchTiming.backoffMaxMs);
    expect(backoffMs(30, defaultWatchTiming, () => 0)).toBe(defaultWatchTiming.backoffMaxMs / 2);
  });
});
