import { describe, expect, it } from 'vitest';
import { sparklinePath } from '../../../src/ui/sparkline';

describe('sparkline path', () => {
  it('spreads cohorts over the width and values over the height, highest at the top', () => {
    // 300 × 44 with 4 of padding: 10 is at y 40, 20 at y 4.
    expect(sparklinePath([10, 20, 15], 10, 20)).toBe('M0.0 40.0L150.0 4.0L300.0 22.0');
  });

  it('leaves a gap at a masked or missing value instead of joining across it', () => {
    expect(sparklinePath([10, null, 20, 20], 10, 20)).toBe('M0.0 40.0M200.0 4.0L300.0 4.0');
    expect(sparklinePath([null, null], 0, 1)).toBe('');
  });

  it('draws equal values as a flat line in the middle, and one cohort at the center', () => {
    expect(sparklinePath([5, 5], 5, 5)).toBe('M0.0 22.0L300.0 22.0');
    expect(sparklinePath([5], 5, 5)).toBe('M150.0 22.0');
  });
});
