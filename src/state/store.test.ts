import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { aggregateProgress } from './selectors';
import type { RunRecord } from './runRecord';
import { applyEvent, applyPreset, loadFromHash, setField, setSeed, useLabStore, activeSlot } from './store';

const blank = (over: Partial<RunRecord> = {}): RunRecord => ({
  id: 'r1', lab: 'learn-to-bid', label: 'x', config: { steps: 100 }, seed: 1, status: 'running', backend: 'ts',
  startedAt: 0, series: {}, snapshots: {}, ...over,
});

describe('applyEvent folds worker events into a run record', () => {
  it('appends points, replaces snapshots and progress, records final and backend', () => {
    let r = blank();
    r = applyEvent(r, { type: 'points', series: 'train', rows: [{ step: 1, w0: 0.9 }] });
    r = applyEvent(r, { type: 'points', series: 'train', rows: [{ step: 2, w0: 0.8 }, { step: 3, w0: 0.7 }] });
    expect(r.series.train.map((x) => x.step)).toEqual([1, 2, 3]);
    r = applyEvent(r, { type: 'snapshot', name: 'theory', data: { target: 0.5 } });
    r = applyEvent(r, { type: 'snapshot', name: 'theory', data: { target: 0.6 } });
    expect(r.snapshots.theory).toEqual({ target: 0.6 });
    r = applyEvent(r, { type: 'progress', done: 50, total: 100, unitsPerSecond: 10, elapsedSeconds: 5, phase: 'training' });
    expect((r.snapshots.progress as { done: number }).done).toBe(50);
    r = applyEvent(r, { type: 'backend', backend: { name: 'wasm', reason: 'because' } });
    expect([r.backend, r.backendReason]).toEqual(['wasm', 'because']);
    r = applyEvent(r, { type: 'final', metrics: { w: [0.5] } });
    expect(r.final).toEqual({ w: [0.5] });
  });
  it('does not mutate the previous record (React sees a new object)', () => {
    const r0 = blank({ series: { train: [{ step: 1 }] } });
    const r1 = applyEvent(r0, { type: 'points', series: 'train', rows: [{ step: 2 }] });
    expect(r0.series.train).toHaveLength(1);
    expect(r1).not.toBe(r0);
  });
});

describe('aggregateProgress', () => {
  it('sums steps over a sweep and estimates the time left at the current rate', () => {
    const p = aggregateProgress([
      blank({ status: 'done', config: { steps: 100 } }),
      blank({ status: 'running', config: { steps: 300 }, snapshots: { progress: { type: 'progress', done: 100, total: 300, unitsPerSecond: 50, elapsedSeconds: 2, phase: 't' } } }),
      blank({ status: 'queued', config: { steps: 100 } }),
    ]);
    expect([p.done, p.total, p.rate]).toEqual([200, 500, 50]);
    expect(p.etaSeconds).toBeCloseTo(6);
    expect([p.status, p.runsDone, p.runsTotal]).toEqual(['running', 1, 3]);
  });
  it('reports idle, paused, failed', () => {
    expect(aggregateProgress([]).status).toBe('idle');
    expect(aggregateProgress([blank({ status: 'paused' })]).status).toBe('paused');
    expect(aggregateProgress([blank({ status: 'done' }), blank({ status: 'failed' })]).status).toBe('failed');
  });
});

describe('experiment actions keep input safe', () => {
  beforeEach(() => applyPreset('two-bidders'));
  it('setField applies valid values and the cross-field rules', () => {
    setField('bidders', 4);
    const c = activeSlot(useLabStore.getState()).config;
    expect(c.bidders).toBe(4);
    // One bound for every bidder: N is stored once, in `bidders`.
    expect(c.upper).toEqual([1]);
    expect(activeSlot(useLabStore.getState()).presetId).toBeNull();
  });
  it('an invalid list keeps the previous value and reports the field', () => {
    const before = activeSlot(useLabStore.getState()).config.upper;
    const issue = setField('upper', '1, banana');
    expect(issue?.field).toBe('upper');
    expect(activeSlot(useLabStore.getState()).config.upper).toEqual(before);
    expect(activeSlot(useLabStore.getState()).fieldIssues.upper).toMatch(/upper/);
  });
  it('out-of-range numbers are clamped and reported; a bad seed is refused', () => {
    setField('bidders', 99);
    expect(activeSlot(useLabStore.getState()).config.bidders).toBe(10);
    expect(activeSlot(useLabStore.getState()).fieldIssues.bidders).toMatch(/\[2, 10\]/);
    setSeed('abc');
    expect(activeSlot(useLabStore.getState()).seed).toBe(1);
    expect(activeSlot(useLabStore.getState()).fieldIssues.seed).toMatch(/seed/);
  });
  it('a broken link falls back to defaults with a notice naming the problem', () => {
    loadFromHash('#v=1&lab=learn-to-bid&bidders=999&mechanism=dutch');
    const s = useLabStore.getState();
    expect(activeSlot(s).config.bidders).toBe(10);
    expect(activeSlot(s).config.mechanism).toBe('first-price');
    expect(s.notices.at(-1)!.text).toMatch(/bidders/);
    expect(s.notices.at(-1)!.text).toMatch(/mechanism/);
  });
});
