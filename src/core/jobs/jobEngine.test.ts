import { describe, expect, it } from 'vitest';
import { findLab } from '../labs/registry';
import { defaultsOf } from '../config/schema';
import { planJob, runJob, type JobExecutor, type JobPart, type PartOutcome } from './jobEngine';

const lab = (id: string) => findLab(id)!;
const config = (id: string, over: Record<string, unknown> = {}) => ({ ...defaultsOf(lab(id).schema), ...over });

/** An executor that records every call and lets the test settle each part. */
function fakeExecutor() {
  const calls: { part: JobPart; width: number; cpuShare: number; settle: (o: PartOutcome) => void }[] = [];
  const execute: JobExecutor = (part, policy) =>
    new Promise((settle) => calls.push({ part, ...policy, settle }));
  return { calls, execute };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('planJob: width and CPU share are decided per job', () => {
  it('a side-by-side comparison runs all at once and shares the free cores', () => {
    const c = config('permit-auction', { mode: 'train', compare: true });
    const narrow = planJob(lab('permit-auction'), c, 1, 1);
    expect(narrow.parts.map((p) => p.label)).toEqual(['uniform', 'discriminatory', 'vcg']);
    expect(narrow.policy).toEqual({ width: 3, cpuShare: 1 / 3 });
    expect(planJob(lab('permit-auction'), c, 1, 4).policy).toEqual({ width: 3, cpuShare: 1 });
  });
  it('a sweep after a comparison gets the default width and whole cores again', () => {
    planJob(lab('permit-auction'), config('permit-auction', { mode: 'train', compare: true }), 1, 1);
    const sweep = planJob(lab('learn-to-bid'), config('learn-to-bid', { sweep: 'bidders', bidders: 10, upper: Array(10).fill(1) }), 1, 1);
    expect(sweep.parts).toHaveLength(9);
    expect(sweep.policy).toEqual({ width: 1, cpuShare: 1 });
  });
});

describe('runJob with a fake executor', () => {
  it('starts every part at once, then summarizes a multi-run job with the lab\'s own summary', async () => {
    const { calls, execute } = fakeExecutor();
    const c = config('learn-to-bid', { sweep: 'bidders', bidders: 3, upper: [1, 1, 1] });
    const job = runJob(lab('learn-to-bid'), c, planJob(lab('learn-to-bid'), c, 1, 1), execute);
    expect(calls.map((x) => x.part.label)).toEqual(['N=2', 'N=3']);
    calls.forEach((x, i) => x.settle({ status: 'done', metrics: { w: [0.5], target: 0.5 + i } }));
    const out = await job;
    expect(out.status).toBe('done');
    expect(out.status === 'done' && out.metrics.runs).toBe(2);
  });

  it('runs the final phase once every part is done; its metrics are the job\'s', async () => {
    const { calls, execute } = fakeExecutor();
    const c = config('all-pay-design', { designs: 3 });
    const added: JobPart[] = [];
    const job = runJob(lab('all-pay-design'), c, planJob(lab('all-pay-design'), c, 7, 1), execute, { onFinalPart: (p) => added.push(p) });
    expect(calls).toHaveLength(3);
    calls.forEach((x) => x.settle({ status: 'done', metrics: { revenue: 0.3, sd: 0.01 } }));
    await flush();
    expect(added.map((p) => [p.final, p.index, p.count, p.config.mode])).toEqual([[true, 3, 4, 'fit']]);
    expect(calls[3].part.final).toBe(true);
    calls[3].settle({ status: 'done', metrics: { bestW: 1 } });
    expect(await job).toEqual({ status: 'done', metrics: { bestW: 1 }, parts: expect.any(Array) });
  });

  it('no final phase when the job is no longer wanted, or when a part was cancelled or failed', async () => {
    const c = config('all-pay-design', { designs: 2 });
    const plan = planJob(lab('all-pay-design'), c, 7, 1);
    let f = fakeExecutor();
    let job = runJob(lab('all-pay-design'), c, plan, f.execute, { stillWanted: () => false });
    f.calls.forEach((x) => x.settle({ status: 'done', metrics: { revenue: 0.3, sd: 0 } }));
    expect(await job).toEqual({ status: 'cancelled' });
    expect(f.calls).toHaveLength(2);

    f = fakeExecutor();
    job = runJob(lab('all-pay-design'), c, plan, f.execute);
    f.calls[0].settle({ status: 'cancelled' });
    f.calls[1].settle({ status: 'failed', error: 'boom' });
    expect(await job).toEqual({ status: 'failed', error: 'boom' });
    expect(f.calls).toHaveLength(2);
  });

  it('a single run\'s metrics are the job\'s', async () => {
    const { calls, execute } = fakeExecutor();
    const c = config('carbon-market');
    const job = runJob(lab('carbon-market'), c, planJob(lab('carbon-market'), c, 1, 1), execute);
    calls[0].settle({ status: 'done', metrics: { objective: 2 } });
    expect(await job).toMatchObject({ status: 'done', metrics: { objective: 2 } });
  });
});
