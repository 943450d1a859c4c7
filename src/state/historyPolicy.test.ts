import { describe, expect, it } from 'vitest';
import { SETTINGS_PAUSE_MS, historyWriteFor, initialHistoryPolicy, strongerWrite } from './historyPolicy';

describe('browser-history entries for experiment changes', () => {
  it('a lab switch and a preset each get an entry; restoring from the address never does', () => {
    const s = initialHistoryPolicy();
    expect(historyWriteFor('lab', 0, s)).toBe('push');
    expect(historyWriteFor('preset', 1, s)).toBe('push');
    expect(historyWriteFor('restore', 2, s)).toBe('replace');
  });

  it('a burst of settings edits is one entry; an edit after a pause starts the next', () => {
    const s = initialHistoryPolicy();
    const writes = [0, 200, 400, 1300, 400 + 1300 + SETTINGS_PAUSE_MS].map((t) => historyWriteFor('settings', t, s));
    // 1300 − 400 < pause: still the first burst; the last edit comes a whole pause after 1300.
    expect(writes).toEqual(['push', 'replace', 'replace', 'replace', 'push']);
  });

  it('the first edit after a preset or a restore starts its own entry', () => {
    const s = initialHistoryPolicy();
    historyWriteFor('settings', 0, s);
    historyWriteFor('preset', 10, s);
    expect(historyWriteFor('settings', 20, s)).toBe('push');
    historyWriteFor('restore', 30, s);
    expect(historyWriteFor('settings', 40, s)).toBe('push');
  });

  it('changes folded into one URL write keep the push', () => {
    expect(strongerWrite(null, 'replace')).toBe('replace');
    expect(strongerWrite('push', 'replace')).toBe('push');
    expect(strongerWrite('replace', 'push')).toBe('push');
  });
});
