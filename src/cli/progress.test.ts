import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressReporter } from './progress';

describe('the CLI progress line speaks the lab\'s own unit', () => {
  const reading = { done: 1200.4, total: 2000, unitsPerSecond: 1520, phase: 'training', part: 'uniform (1/3)' };
  it('counts auctions for permit training, rounds for all-pay design, steps by default', () => {
    expect(formatProgress('permit-auction', reading, 'auctions')).toBe('permit-auction uniform (1/3)  1200/2000 auctions 60%  1520 auctions/s  ETA 0.5s');
    expect(formatProgress('all-pay-design', reading, 'rounds')).toContain('rounds/s');
    expect(formatProgress('learn-to-bid', reading)).toContain('steps/s');
  });
  it('the reporter writes the unit it was given, at most once per interval (injected clock)', () => {
    let now = 0;
    const lines: string[] = [];
    const r = new ProgressReporter({ isTTY: false, write: (t) => lines.push(t) }, 'carbon-market', () => now, 'updates');
    r.update(reading);
    now = 2500;
    r.update(reading);
    now = 3000;
    r.update(reading);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('updates/s');
  });
});
