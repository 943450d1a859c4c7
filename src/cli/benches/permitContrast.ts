/**
 * `permit-ppo-contrast`: how soon the demo's lesson appears. The "Demand reduction live" preset (4 firms,
 * c ~ U[0.5, 1.5], e ~ U[4, 8], supply 12, first rejected bid, seed 3, evaluation every 5 updates) trains the
 * uniform-price and VCG firms; the figure is the first evaluation at which DRI(uniform) − DRI(VCG) ≥ 0.15, as
 * auctions per firm and as seconds. In the browser the three mechanisms train at once in three workers, so the
 * seconds are those of the slower of the two runs up to that evaluation, each measured alone on one core here
 * (`secondsParallel`), plus `secondsSequential` (both on one core, the worst case). Target: ≤ 30 s.
 */
import { defaultsOf } from '../../core/config/schema';
import { presetExperiment } from '../../presets/urlCodec';
import { permitAuctionSchema, type PermitAuctionConfig } from '../../core/labs/permitAuction/schema';
import { trainPermitPpo } from '../../core/labs/permitAuction/train';
import { permitPpoConfigOf } from '../../core/labs/permitAuction/trainConfig';
import type { RunEvent } from '../../core/labs/types';
import type { BenchLine } from './line';
import type { LabBench } from './types';

interface ContrastParams {
  preset: string;
  gap: number;
}

/** (auctions, dri, seconds since start) at every evaluation of one training run. */
async function evalTrace(config: PermitAuctionConfig, seed: number): Promise<{ x: number; dri: number; t: number }[]> {
  const out: { x: number; dri: number; t: number }[] = [];
  const t0 = performance.now();
  await trainPermitPpo(permitPpoConfigOf(config), seed, {
    emit(e: RunEvent) {
      if (e.type === 'points' && e.series === 'eval') for (const r of e.rows) out.push({ x: r.x, dri: r.dri, t: (performance.now() - t0) / 1000 });
    },
    checkpoint: async () => {},
    backend: 'ts',
  });
  return out;
}

export const permitContrastBench: LabBench<ContrastParams> = {
  names: ['permit-ppo-contrast'],
  plan: (quick) => (quick ? [] : [{ preset: 'demand-reduction-live', gap: 0.15 }]),
  nameOf: () => 'permit-ppo-contrast',
  describe: (p) => `permit-ppo-contrast ${p.preset}: time to a DRI gap ≥ ${p.gap}`,
  async measure(p): Promise<BenchLine[]> {
    const e = presetExperiment('permit-auction', p.preset);
    if (!e) throw new Error(`no preset ${p.preset}`);
    const config = { ...defaultsOf(permitAuctionSchema), ...e.config } as PermitAuctionConfig;
    const uniform = await evalTrace({ ...config, mechanism: 'uniform' }, e.seed);
    const vcg = await evalTrace({ ...config, mechanism: 'vcg' }, e.seed);
    const k = uniform.findIndex((u, i) => vcg[i] && u.dri - vcg[i].dri >= p.gap);
    const at = k >= 0 ? { u: uniform[k], v: vcg[k] } : null;
    return [
      {
        bench: 'permit-ppo-contrast',
        preset: p.preset,
        firms: config.firms.length,
        supply: config.supply,
        seed: e.seed,
        gapTarget: p.gap,
        reached: !!at,
        auctionsPerFirm: at ? at.u.x : null,
        gap: at ? at.u.dri - at.v.dri : null,
        secondsParallel: at ? Math.max(at.u.t, at.v.t) : null,
        secondsSequential: at ? at.u.t + at.v.t : null,
        finalGap: uniform.at(-1)!.dri - vcg.at(-1)!.dri,
      },
    ];
  },
};
