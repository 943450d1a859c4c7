import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../core/config/schema';
import { optimalAuctionSchema, type OptimalAuctionConfig } from '../../core/labs/optimalAuction/schema';
import { readStudyRecord, studyKey, type StudySnapshot } from '../../core/labs/optimalAuction/study';
import { RunCancelled } from '../../core/labs/runControl';
import type { RunEvent } from '../../core/labs/types';
import { openKvStore } from '../../core/storage/kvStore';
import { runStudyWorker, type TrialRunner } from './studyRunner';

const config = (over: Partial<OptimalAuctionConfig> = {}): OptimalAuctionConfig => ({ ...defaultsOf(optimalAuctionSchema), study: 6, studyStartup: 2, ...over });

/** A stand-in for training: revenue and regret as smooth functions of the tuned parameters, after a short wait. */
const fakeTrial: TrialRunner = async (c, ctx) => {
  ctx.emit({ type: 'progress', done: 1, total: 2, unitsPerSecond: 1, elapsedSeconds: 0, phase: 'x' });
  await new Promise((r) => setTimeout(r, 5));
  await ctx.checkpoint(1);
  return { revenue: 0.4 - (Math.log(c.rho) - 3) ** 2 / 100, regret: 0.01 / c.lambdaInit };
};

const ctx = (events: RunEvent[] = []) => ({ emit: (e: RunEvent) => events.push(e), checkpoint: async () => {} });

describe('study workers over IndexedDB (fake-indexeddb)', () => {
  it('two parallel workers share one study: every trial run once, numbers 0…5, best reported by both', async () => {
    const store = openKvStore(new IDBFactory(), 'study-test-1');
    const c = config();
    const [a, b] = await Promise.all([runStudyWorker(c, 1, ctx(), fakeTrial, { store }), runStudyWorker(c, 1, ctx(), fakeTrial, { store })]);
    expect((a.trialsRunHere as number) + (b.trialsRunHere as number)).toBe(6);
    expect(a.trialsRunHere).toBeGreaterThan(0);
    expect(b.trialsRunHere).toBeGreaterThan(0);
    const rec = (await store.get(`study|${studyKey(c, 1)}`, readStudyRecord))!;
    expect(rec.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rec.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(b.bestObjective).toBe(Math.max(...rec.trials.map((t) => t.objective!)));
  });

  it('resumes: a larger target adds trials to the saved study; the snapshot carries the record', async () => {
    const store = openKvStore(new IDBFactory(), 'study-test-2');
    await runStudyWorker(config({ study: 3 }), 2, ctx(), fakeTrial, { store });
    const events: RunEvent[] = [];
    const m = await runStudyWorker(config({ study: 5 }), 2, ctx(events), fakeTrial, { store });
    expect(m.trials).toBe(5);
    expect(m.trialsRunHere).toBe(2);
    const snaps = events.filter((e): e is Extract<RunEvent, { type: 'snapshot' }> => e.type === 'snapshot' && e.name === 'study');
    const last = snaps.at(-1)!.data as StudySnapshot;
    expect(last.target).toBe(5);
    expect(last.trials).toHaveLength(5);
    expect(events.filter((e) => e.type === 'points' && e.series === 'trials')).toHaveLength(2);
  });

  it('a cancelled trial is marked failed and the cancel goes on up', async () => {
    const store = openKvStore(new IDBFactory(), 'study-test-3');
    const cancelling: TrialRunner = async () => {
      throw new RunCancelled();
    };
    await expect(runStudyWorker(config(), 3, ctx(), cancelling, { store })).rejects.toBeInstanceOf(RunCancelled);
    const rec = (await store.get(`study|${studyKey(config(), 3)}`, readStudyRecord))!;
    expect(rec.trials[0]).toMatchObject({ state: 'failed', error: 'cancelled' });
  });
});
