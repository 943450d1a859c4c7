import { describe, expect, it } from 'vitest';
import { flatWithinNoise } from './flatness';

describe('flatWithinNoise', () => {
  it('payment-split revenues (spread 0.3% of 1/2) are flat; prize-split w/2 is not', () => {
    const pay = [0.4992, 0.5001, 0.5013, 0.4997].map((revenue) => ({ revenue, sd: 0.0005 }));
    expect(flatWithinNoise(pay, 10).flat).toBe(true);
    const prize = [0.5, 0.75, 1].map((w) => ({ revenue: w / 2, sd: 0.001 }));
    expect(flatWithinNoise(prize, 10).flat).toBe(false);
  });
  it('a spread inside twice the standard error of a difference is flat; one sample is never called flat', () => {
    const noisy = [{ revenue: 0.3, sd: 0.05 }, { revenue: 0.36, sd: 0.05 }];
    expect(flatWithinNoise(noisy, 4)).toMatchObject({ flat: true });
    expect(flatWithinNoise(noisy, 400).flat).toBe(false);
    expect(flatWithinNoise([{ revenue: 0.5, sd: 0 }], 10).flat).toBe(false);
  });
});
