import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { optimalAuctionSchema, type OptimalAuctionConfig } from './schema';
import { askTrial, bestJson, bestTrial, configWithBest, newStudy, paretoFront, STALE_TRIAL_MS, STUDY_SPACE, studyKey, tellTrial, trialsCsv, type StudyRecord, type StudyTrial } from './study';

const config = (over: Partial<OptimalAuctionConfig> = {}): OptimalAuctionConfig => ({ ...defaultsOf(optimalAuctionSchema), study: 4, studyStartup: 2, ...over });

/** Run a study to `target` trials with a made-up objective: revenue 0.4 − (log ρ − 3)²/100, regret 1/λ0/100. */
function simulate(record: StudyRecord, target: number, t0 = 0): StudyRecord {
  let r = record;
  for (let t = t0; ; t++) {
    const a = askTrial(r, target, t);
    r = a.record;
    if (!a.trial) return r;
    const p = a.trial.params;
    r = tellTrial(r, a.trial.number, { revenue: 0.4 - (Math.log(p.rho) - 3) ** 2 / 100, regret: 1 / p.lambdaInit / 100 }, t);
  }
}

describe('tuning study record', () => {
  it('the key ignores tuned and study-control keys, and changes with the seed and the fixed settings', () => {
    const k = studyKey(config(), 1);
    expect(studyKey(config({ lambdaInit: 3, rho: 2, lr: 0.002, dualEvery: 9, study: 40, studyWorkers: 4 }), 1)).toBe(k);
    expect(studyKey(config(), 2)).not.toBe(k);
    expect(studyKey(config({ prior: 'exp' }), 1)).not.toBe(k);
  });
  it('asks until complete + running trials reach the target; parameters lie in the search space', () => {
    let r = newStudy(config(), 1, 0);
    const asked: StudyTrial[] = [];
    for (let t = 0; t < 5; t++) {
      const a = askTrial(r, 3, t);
      r = a.record;
      if (a.trial) asked.push(a.trial);
    }
    expect(asked.map((t) => t.number)).toEqual([0, 1, 2]);
    for (const t of asked) for (const p of STUDY_SPACE) {
      expect(t.params[p.name]).toBeGreaterThanOrEqual(p.low);
      expect(t.params[p.name]).toBeLessThanOrEqual(p.high);
    }
    // A failed trial frees its slot.
    r = tellTrial(r, 1, { error: 'diverged' }, 9);
    expect(askTrial(r, 3, 10).trial?.number).toBe(3);
  });
  it('resuming is exact: 4 trials then 4 more = 8 trials in one go (the sampler state is the record)', () => {
    const once = simulate(newStudy(config(), 7, 0), 8);
    const resumed = simulate(JSON.parse(JSON.stringify(simulate(newStudy(config(), 7, 0), 4))) as StudyRecord, 8, 4);
    expect(resumed.trials.map((t) => t.params)).toEqual(once.trials.map((t) => t.params));
  });
  it('abandoned running trials are marked failed and asked again', () => {
    let r = askTrial(newStudy(config(), 1, 0), 1, 0).record;
    expect(askTrial(r, 1, 1000).trial).toBeNull();
    const again = askTrial(r, 1, STALE_TRIAL_MS + 1);
    expect(again.record.trials[0].state).toBe('failed');
    expect(again.record.trials[0].error).toMatch(/abandoned/);
    expect(again.trial?.number).toBe(1);
  });
  it('objective = revenue − w·regret; best, Pareto front, CSV, best.json, run-with-best (hand table)', () => {
    let r = newStudy(config({ regretWeight: 5 }), 1, 0);
    const results = [
      { revenue: 0.42, regret: 0.004 }, // objective 0.40
      { revenue: 0.45, regret: 0.02 }, // 0.35
      { revenue: 0.41, regret: 0.001 }, // 0.405 best
      { revenue: 0.40, regret: 0.002 }, // dominated by #2
    ];
    results.forEach((res, i) => {
      r = askTrial(r, 4, i).record;
      r = tellTrial(r, i, res, i + 0.5);
    });
    expect(r.trials[0].objective).toBeCloseTo(0.4, 12);
    expect(bestTrial(r)!.number).toBe(2);
    expect(paretoFront(r.trials).map((t) => t.number)).toEqual([2, 0, 1]);
    const csv = trialsCsv(r).trim().split('\n');
    expect(csv[0]).toBe('number,state,lambdaInit,rho,dualEvery,lr,revenue,regret,objective,seconds,error');
    expect(csv).toHaveLength(5);
    expect(csv[3].startsWith('2,complete,')).toBe(true);
    const best = bestJson(r)!;
    expect(best).toMatchObject({ number: 2, revenue: 0.41, regret: 0.001, regretWeight: 5 });
    const c = configWithBest(config(), r)!;
    expect(c.study).toBe(0);
    expect(c.lambdaInit).toBe(r.trials[2].params.lambdaInit);
  });
  it('the TPE phase improves on the start-up trials of a smooth made-up objective', () => {
    const r = simulate(newStudy(config({ studyStartup: 4 }), 3, 0), 24);
    const obj = r.trials.map((t) => t.objective!);
    expect(Math.max(...obj.slice(4))).toBeGreaterThan(Math.max(...obj.slice(0, 4)));
  });
});
