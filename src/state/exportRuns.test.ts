import { describe, expect, it } from 'vitest';
import { csvCell, finalMetricsToCsv, formatCsvNumber, runsToCsv, runsToJson } from './exportRuns';
import type { RunRecord } from './runRecord';
import { PRESET_VERSION } from '../presets/urlCodec';

function run(over: Partial<RunRecord>): RunRecord {
  return {
    id: 'r',
    lab: 'learn-to-bid',
    label: 'run',
    config: {},
    seed: 1,
    status: 'done',
    backend: 'ts',
    startedAt: 1000,
    finishedAt: 2000,
    series: {},
    snapshots: {},
    ...over,
  };
}

const a = run({
  id: 'a1',
  label: 'first-price, "N=2"',
  config: { bidders: 2, mechanism: 'first-price', bounds: [1, 1.5] },
  seed: 7,
  series: {
    train: [
      { step: 0, w0: 1 / 3, loss: 0.5 },
      { step: 10, w0: 0.5, loss: 1e-7 },
    ],
  },
  final: { w: [0.5, 0.49999999], revenue: 1 / 3 },
});
const b = run({
  id: 'b2',
  label: 'all-pay\nN=3',
  config: { bidders: 3, mechanism: 'all-pay' },
  seed: 123456789,
  status: 'failed',
  series: { train: [{ step: 0, w1: -2.5 }], eval: [{ step: 0, x: 1 }] },
  final: { revenue: NaN, bidders: 3, note: 'x,y' },
});

describe('formatCsvNumber / csvCell', () => {
  it('prints up to 6 significant digits, integers exactly', () => {
    expect(formatCsvNumber(1 / 3)).toBe('0.333333');
    expect(formatCsvNumber(2 / 3)).toBe('0.666667');
    expect(formatCsvNumber(1234567.89)).toBe('1234570');
    expect(formatCsvNumber(123456789)).toBe('123456789');
    expect(formatCsvNumber(0.5)).toBe('0.5');
    expect(formatCsvNumber(1.23456789e-8)).toBe('1.23457e-8');
    expect(formatCsvNumber(-0)).toBe('0');
    expect(formatCsvNumber(NaN)).toBe('NaN');
    expect(formatCsvNumber(Infinity)).toBe('Inf');
    expect(formatCsvNumber(-Infinity)).toBe('-Inf');
  });

  it('quotes cells with quotes, commas and newlines', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
});

describe('runsToCsv', () => {
  it('writes a tidy long table (hand-checked)', () => {
    expect(runsToCsv([a, b], 'train')).toBe(
      [
        'run_id,label,lab,seed,step,loss,w0,w1',
        'a1,"first-price, ""N=2""",learn-to-bid,7,0,0.5,0.333333,',
        'a1,"first-price, ""N=2""",learn-to-bid,7,10,1e-7,0.5,',
        'b2,"all-pay\nN=3",learn-to-bid,123456789,0,,,-2.5',
        '',
      ].join('\n'),
    );
  });

  it('exports another series and skips runs without it', () => {
    expect(runsToCsv([a, b], 'eval')).toBe(
      'run_id,label,lab,seed,step,x\nb2,"all-pay\nN=3",learn-to-bid,123456789,0,1\n',
    );
    expect(runsToCsv([a], 'nope')).toBe('run_id,label,lab,seed\n');
    expect(runsToCsv([], 'train')).toBe('run_id,label,lab,seed\n');
  });

  it('orders keys naturally with step first', () => {
    const r = run({ series: { train: [{ w10: 1, w2: 2, alpha: 3, step: 4 }] } });
    expect(runsToCsv([r], 'train').split('\n')[0]).toBe('run_id,label,lab,seed,step,alpha,w2,w10');
  });
});

describe('finalMetricsToCsv', () => {
  it('writes one line per run with config and flattened metrics (hand-checked)', () => {
    expect(finalMetricsToCsv([a, b])).toBe(
      [
        'run_id,label,lab,seed,status,backend,bidders,bounds[0],bounds[1],mechanism,final.bidders,note,revenue,w[0],w[1]',
        'a1,"first-price, ""N=2""",learn-to-bid,7,done,ts,2,1,1.5,first-price,,,0.333333,0.5,0.5',
        'b2,"all-pay\nN=3",learn-to-bid,123456789,failed,ts,3,,,all-pay,3,"x,y",NaN,,',
        '',
      ].join('\n'),
    );
  });

  it('handles runs without final metrics or config', () => {
    const r = run({ id: 'q', final: undefined });
    expect(finalMetricsToCsv([r])).toBe('run_id,label,lab,seed,status,backend\nq,run,learn-to-bid,1,done,ts\n');
  });
});

describe('runsToJson', () => {
  it('round-trips the records in a versioned envelope', () => {
    const text = runsToJson([a, b]);
    expect(text).toContain('\n  "runs": [');
    const doc = JSON.parse(text);
    expect(doc.format).toBe('auction-lab/runs');
    expect(doc.version).toBe(1);
    expect(doc.runs).toHaveLength(2);
    // Each run carries the settings format version its config is written in (records written before it read as v=1).
    expect(doc.runs[0]).toEqual({ ...a, v: PRESET_VERSION });
    const { final, ...restB } = doc.runs[1];
    const { final: finalB, ...expectedB } = { ...b, v: PRESET_VERSION };
    expect(restB).toEqual(expectedB);
    expect(final).toEqual({ ...finalB, revenue: null }); // JSON has no NaN
    for (const key of ['lab', 'config', 'seed', 'status', 'backend', 'final', 'series']) {
      expect(doc.runs[0]).toHaveProperty(key);
    }
  });

  it('turns typed arrays in snapshots into plain arrays', () => {
    const r = run({ snapshots: { bids: new Float64Array([0.25, 0.5]) } });
    expect(JSON.parse(runsToJson([r])).runs[0].snapshots.bids).toEqual([0.25, 0.5]);
  });
});
