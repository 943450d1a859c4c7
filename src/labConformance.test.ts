import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { labHelpText } from './cli/help';
import { runLab } from './cli/runLab';
import { defaultsOf, type ConfigSchema } from './core/config/schema';
import { labs } from './core/labs/registry';
import type { LabDefinition, RunEvent } from './core/labs/types';
import { labRunners } from './learn/labs/registry';
import { presetExperiment } from './presets/urlCodec';
import { runsToCsv } from './state/exportRuns';
import type { RunRecord } from './state/runRecord';
import { applyEvent } from './state/store';
import { labViews } from './ui/labs/registry';

/**
 * The lab conformance suite: what every lab must have so that every layer works with it (like the mechanism
 * conformance suite, over the lab registry). Adding a lab is one folder per layer plus one registration each
 * (src/core/labs/README.md); a lab that is half-registered fails here.
 */

/** The registries a lab registers in, one per layer. */
interface Registries {
  labs: readonly LabDefinition<ConfigSchema>[];
  runners: Readonly<Record<string, unknown>>;
  views: Readonly<Record<string, unknown>>;
}

/** Every registration and declaration problem of every lab, one sentence each (empty: all conform). */
function registrationProblems({ labs: defs, runners, views }: Registries): string[] {
  const problems: string[] = [];
  const ids = new Set(defs.map((l) => l.id));
  for (const lab of defs) {
    const where = `lab ${lab.id}`;
    if (!Object.hasOwn(runners, lab.id)) problems.push(`${where}: no runner registered (src/learn/labs/registry.ts)`);
    if (!Object.hasOwn(views, lab.id)) problems.push(`${where}: no view registered (src/ui/labs/registry.ts)`);
    if (!lab.presets.length) problems.push(`${where}: no presets`);
    const keys = Object.keys(lab.schema);
    for (const p of lab.presets) for (const k of Object.keys(p.config)) if (!keys.includes(k)) problems.push(`${where}: preset ${p.id} sets unknown key ${k}`);
    for (const k of Object.keys(lab.smoke)) if (!keys.includes(k)) problems.push(`${where}: smoke sets unknown key ${k}`);
    const series = lab.streams.series.map((s) => s.name);
    if (new Set(series).size !== series.length) problems.push(`${where}: a series is declared twice`);
    if (!series.includes(lab.overlay.series)) problems.push(`${where}: the overlay draws undeclared series ${lab.overlay.series}`);
    if (!lab.historyColumns.length) problems.push(`${where}: no history columns`);
    const defaults = defaultsOf(lab.schema);
    if (!lab.progressUnit(defaults)) problems.push(`${where}: no progress unit`);
    if (!lab.partLabel(defaults)) problems.push(`${where}: no part label`);
    for (const p of lab.presets) {
      const c = { ...defaults, ...p.config };
      for (const k of lab.inapplicable(c)) if (!keys.includes(k)) problems.push(`${where}: preset ${p.id} marks unknown key ${k} as not applying`);
    }
    const help = labHelpText(lab);
    for (const k of keys) if (!help.includes(k)) problems.push(`${where}: --help does not list ${k}`);
  }
  for (const id of Object.keys(runners)) if (!ids.has(id)) problems.push(`runner ${id}: no such lab in src/core/labs/registry.ts`);
  for (const id of Object.keys(views)) if (!ids.has(id)) problems.push(`view ${id}: no such lab in src/core/labs/registry.ts`);
  return problems;
}

const real: Registries = { labs, runners: labRunners, views: labViews };

describe('lab registrations', () => {
  it('every lab is registered in every layer and declares what its layers need', () => {
    expect(registrationProblems(real)).toEqual([]);
  });

  it('a half-registered lab fails: a throwaway lab with a definition but no runner or view', () => {
    const throwaway: LabDefinition<ConfigSchema> = { ...labs[0], id: 'throwaway-lab', title: 'Throwaway' };
    expect(registrationProblems({ ...real, labs: [...labs, throwaway] })).toEqual([
      'lab throwaway-lab: no runner registered (src/learn/labs/registry.ts)',
      'lab throwaway-lab: no view registered (src/ui/labs/registry.ts)',
    ]);
    expect(registrationProblems({ ...real, views: { ...labViews, 'throwaway-lab': {} } })).toEqual(['view throwaway-lab: no such lab in src/core/labs/registry.ts']);
    const undeclared: LabDefinition<ConfigSchema> = { ...labs[0], overlay: { ...labs[0].overlay, series: 'nowhere' } };
    expect(registrationProblems({ ...real, labs: [undeclared, ...labs.slice(1)] })).toEqual([`lab ${labs[0].id}: the overlay draws undeclared series nowhere`]);
  });
});

/** Run one preset of a lab at its smoke budget in process; what it streamed, as the page's run records. */
async function runPreset(lab: LabDefinition<ConfigSchema>, presetId: string) {
  const e = presetExperiment(lab.id, presetId)!;
  const config = lab.normalize({ ...e.config, ...lab.smoke }).config;
  const records = new Map<number, RunRecord>();
  const events: RunEvent[] = [];
  const result = await runLab({
    lab,
    config,
    seed: e.seed,
    backend: 'auto',
    onEvent: (event, part) => {
      events.push(event);
      const r = records.get(part.index) ?? { id: `p${part.index}`, lab: lab.id, label: part.label ?? lab.id, config: part.config, seed: e.seed, status: 'done', backend: 'auto', startedAt: 0, series: {}, snapshots: {} };
      records.set(part.index, applyEvent(r, event));
    },
  });
  return { result, records: [...records.values()], events };
}

/** Final figures that do not measure speed (those differ between two runs on the same seed). */
function reproducible(metrics: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metrics).filter(([k]) => !/seconds|persecond/i.test(k)));
}

describe.each(labs.map((l) => [l.id, l] as const))('%s: every preset runs at a tiny budget', (_id, lab) => {
  it.each(lab.presets.map((p) => [p.id] as const))('%s reports its figures and streams only what it declares', async (presetId) => {
    const { result, records, events } = await runPreset(lab, presetId);
    expect(Object.keys(result.metrics).length).toBeGreaterThan(0);
    const series = new Set(lab.streams.series.map((s) => s.name));
    const snapshots = new Set(lab.streams.snapshots);
    for (const e of events) {
      if (e.type === 'points') expect(series, `undeclared series ${e.series}`).toContain(e.series);
      if (e.type === 'snapshot') expect(snapshots, `undeclared snapshot ${e.name}`).toContain(e.name);
    }
    // The run history can show and export it: some headline figure, and a non-empty CSV of a declared series.
    expect(records.some((r) => lab.historyColumns.some((c) => c.value({ ...(r.final ?? {}) }) !== null))).toBe(true);
    const csvs = lab.streams.series.map((s) => runsToCsv(records, s.name).trim().split('\n').length);
    expect(Math.max(...csvs), 'a history CSV with rows').toBeGreaterThan(1);
  }, 120_000);

  it('the same seed gives the same figures', async () => {
    const preset = lab.presets[0].id;
    const [a, b] = [await runPreset(lab, preset), await runPreset(lab, preset)];
    expect(reproducible(b.result.metrics)).toEqual(reproducible(a.result.metrics));
  }, 120_000);
});
