import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { askTrial, newStudy, readStudyRecord, STUDY_SPACE, tellTrial, type StudyRecord } from './study';
import { optimalAuctionSchema } from './schema';

const config = { ...defaultsOf(optimalAuctionSchema), study: 3 };

/** A study with one finished and one running trial, as the sampler writes it. */
function study(): StudyRecord {
  let r = newStudy(config, 1, 1000);
  const a = askTrial(r, 3, 1001);
  r = tellTrial(a.record, a.trial!.number, { revenue: 0.41, regret: 0.001 }, 1002);
  return askTrial(r, 3, 1003).record;
}

describe('a stored study is read back through one reader', () => {
  it('a study the sampler wrote reads back unchanged', () => {
    const r = study();
    expect(readStudyRecord(structuredClone(r))).toEqual(r);
  });

  const params = Object.fromEntries(STUDY_SPACE.map((p) => [p.name, 1]));
  const trial = { number: 0, params, state: 'complete', startedAt: 1, revenue: 0.4 };
  const base = { key: 'k', seed: 1, startup: 2, regretWeight: 5, createdAt: 1, updatedAt: 2, trials: [trial] };
  it.each([
    ['null', null],
    ['a string', 'study'],
    ['trials not a list', { ...base, trials: {} }],
    ['a fractional seed', { ...base, seed: 1.5 }],
    ['a trial with an unknown state', { ...base, trials: [{ ...trial, state: 'exploded' }] }],
    ['a trial whose revenue is text', { ...base, trials: [{ ...trial, revenue: '0.4' }] }],
    ['a trial missing a tuned parameter', { ...base, trials: [{ ...trial, params: {} }] }],
    ['a trial with an infinite parameter', { ...base, trials: [{ ...trial, params: { ...params, [STUDY_SPACE[0].name]: Infinity } }] }],
  ])('%s is no study (the study starts afresh)', (_name, raw) => {
    expect(readStudyRecord(raw)).toBeUndefined();
  });
});
