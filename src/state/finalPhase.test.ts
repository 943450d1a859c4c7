import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { setPool } from './pool';
import { installFakePool } from './testing/fakePool';
import { aggregateProgress } from './selectors';
import { selectLab, setField, startRun, useLabStore, activeSlot } from './store';

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => setPool(null));

describe('final phase (LabDefinition.combine) in the store', () => {
  it('all-pay design: one run per design, then one fit run with their samples once all are done', async () => {
    const submitted = installFakePool();
    selectLab('all-pay-design');
    setField('designs', 3);
    const ids = startRun();
    expect(ids).toHaveLength(3);
    expect(submitted.map((s) => s.request.config.mode)).toEqual(['simulate', 'simulate', 'simulate']);
    const ws = submitted.map((s) => s.request.config.w as number);
    submitted.forEach((s, i) => s.settle({ status: 'done', metrics: { revenue: ws[i] / 2, sd: 0.01 } }));
    await flush();
    expect(submitted).toHaveLength(4);
    const fit = submitted[3].request.config;
    expect(fit.mode).toBe('fit');
    expect(fit.samples).toEqual(ws.map((w) => ({ w, revenue: w / 2, sd: 0.01 })));
    expect(activeSlot(useLabStore.getState()).currentRunIds).toEqual([...ids, submitted[3].request.runId]);
  });

  it('no final phase when a run was cancelled or a newer Run press replaced the job', async () => {
    const submitted = installFakePool();
    selectLab('all-pay-design');
    setField('designs', 2);
    startRun();
    submitted[0].settle({ status: 'done', metrics: { revenue: 0.3, sd: 0 } });
    submitted[1].settle({ status: 'cancelled' });
    await flush();
    expect(submitted).toHaveLength(2);
    // Press A, then press B before A's runs end: A's results never start a fit, B's do.
    startRun();
    startRun();
    expect(submitted).toHaveLength(6);
    submitted.slice(2, 4).forEach((s) => s.settle({ status: 'done', metrics: { revenue: 0.3, sd: 0 } }));
    await flush();
    expect(submitted).toHaveLength(6);
    submitted.slice(4, 6).forEach((s) => s.settle({ status: 'done', metrics: { revenue: 0.3, sd: 0 } }));
    await flush();
    expect(submitted).toHaveLength(7);
    expect(submitted[6].request.config.mode).toBe('fit');
  });

  it('queued runs count as the typical size in the progress bar', () => {
    const run = (status: 'done' | 'queued', total?: number) => ({
      id: status, lab: 'x', label: 'x', config: {}, seed: 1, status, backend: 'ts', startedAt: 0, series: {},
      snapshots: total ? { progress: { type: 'progress', done: total, total, unitsPerSecond: 1, elapsedSeconds: 1, phase: 'done' } } : {},
    });
    const p = aggregateProgress([run('done', 10), run('queued'), run('queued')] as never);
    expect([p.done, p.total]).toEqual([10, 30]);
  });
});
