import { defaultsOf } from '../../config/schema';
import { PermitAuctionEnv } from '../../env/permitAuctionEnv';
import { IndependentPpo, type IndependentPpoOptions, type PpoHyperparams } from '../../learning/ppo';
import type { PpoAgents, PpoUpdateStats } from '../../learning/ppoAgents';
import type { Rng } from '../../math/rng';
import type { MultiUnitMechanismId, PriceRule, TieRule } from '../../mechanisms/multiUnit';
import { createRng } from '../../math/rng';
import { demandReduction } from '../../metrics/demandReduction';
import { allocativeEfficiency, competitivePrice, driByFirm, marketDri, quantityDri } from '../../metrics/permits';
import type { FirmPrior } from '../../priors/firms';
import type { Firm } from '../../valuations/abatement';
import { RunDiverged } from '../runControl';
import type { FinalMetrics, RunContext, SeriesRow } from '../types';
import { latentsToBids, truthfulLatent } from './actionMapping';
import { permitAuctionSchema } from './schema';
import { permitPpoConfigOf } from './trainConfig';

/**
 * Independent PPO firms in repeated one-shot permit auctions (multi-agent reinforcement learning in a carbon-permit
 * auction): each of N firms has its own Gaussian policy over a latent
 * z ∈ R⁴ (`learning/ppo.ts`), mapped to a valid two-tier bid by `actionMapping.ts`, and learns from its own
 * profit only. Policies start at truthful bidding (the output bias of each policy net is the truthful latent),
 * so what the firms learn is the deviation from truthfulness the mechanism rewards: demand reduction under the
 * uniform price (Ausubel et al. 2014), none under VCG (truthful bidding is dominant).
 */

/** Settings of a PPO permit-auction run (`permitPpoConfigOf` reads them from a lab config). */
export interface PermitPpoConfig {
  /** Firms N (integer 1–12). */
  firms: number;
  /** Permits per auction (> 0). */
  supply: number;
  /** Reserve price (≥ 0). */
  reserve: number;
  mechanism: MultiUnitMechanismId;
  priceRule: PriceRule;
  tieRule: TieRule;
  /** Type prior: c ~ U[cMin, cMax], e ~ U[eMin, eMax] (times `eScale`). */
  prior: FirmPrior;
  /** Auctions collected per PPO update, K (integer 16–8192). Each firm gets K samples. */
  auctionsPerUpdate: number;
  /** PPO updates (integer ≥ 1). Total auctions = updates · auctionsPerUpdate. */
  updates: number;
  /** Evaluate every this many updates (integer ≥ 1), and after the last one. */
  evalEvery: number;
  /** Held-out auctions per evaluation (integer ≥ 1), the same types every time. */
  evalAuctions: number;
  /** PPO hyperparameters over `DEFAULT_PPO`: the schema's PPO fields, then `PERMIT_PPO_HYPER`. */
  ppo: Partial<PpoHyperparams>;
}

/**
 * The lab's PPO settings beyond its schema's fields (the log-std clamp): none, `DEFAULT_PPO`'s. Tuning note on the
 * schema's lr 3e-4: lr 3e-3 moves faster but overshoots into shading both tiers alike (uniform-price DRI drifts to
 * ≈ −0.06 by 10⁵ auctions); 3e-4 keeps the low tier shaded more than the high one (DRI ≈ 0.10–0.15 over
 * 2.5·10⁴–10⁵ auctions).
 */
export const PERMIT_PPO_HYPER: Partial<PpoHyperparams> = {};

/**
 * Supply of the training demo (4 firms, c ~ U[0.5, 1.5], e ~ U[4, 8]: half the expected true demand of 24), which
 * the presets, the benches and the acceptance test train at. The schema's default supply (24) is sized for its
 * clear-mode firms (true demand 36), so the standalone trainer keeps this one instead.
 */
export const DEMO_SUPPLY = 12;

/**
 * What `trainPermitPpo` fills in where its caller gives nothing: the lab schema's defaults, read by
 * `permitPpoConfigOf` as a train-mode run is (4 firms, 512 auctions per update, ⌈51,200 / 512⌉ = 100 updates,
 * evaluation every 5 updates on 1,024 auctions, the schema's PPO fields), at `DEMO_SUPPLY`.
 */
export const DEFAULT_PERMIT_PPO: PermitPpoConfig = permitPpoConfigOf({ ...defaultsOf(permitAuctionSchema), supply: DEMO_SUPPLY });

/**
 * Latent clip of the initial policy mean: σ(4) = 0.982, so the initial low tier asks for 98% of e/2 (a saturated
 * σ(50) would leave qL without gradient). Its DRI offset is ≈ 0.02 under every mechanism.
 */
export const INIT_LATENT_LIMIT = 4;

/** Held-out evaluation of deterministic (mean) bids: averages over the evaluation auctions. */
export interface PermitEvaluation {
  /** Mean allocative efficiency (`metrics/permits.ts`). */
  efficiency: number;
  /**
   * The headline Demand Reduction Index (`metrics/demandReduction.ts`): mean over the auctions of the market share
   * of true demand withheld at the competitive price, each step read at the units it covers (0 for truthful
   * two-tier bids; 1/(N − 1) in the linear supply-function equilibrium).
   */
  dri: number;
  /**
   * The headline index per firm over the evaluation auctions, 1 − Σ_k X_ik / Σ_k D_ik (the firm's withheld share of
   * its summed true demand at the competitive prices, `demandReduction`); length N (firm 1 first).
   */
  driByFirm: number[];
  /** Secondary: mean raw withheld share at the competitive price read off the steps (`quantityDri(...).market`; ≈ 0.14 for truthful two-tier bids). */
  driQuantity: number;
  /** Secondary: mean price-based tier-shading index s_L − s_H (`marketDri` of `driByFirm`, e-weighted; 0 when both tiers are shaded alike). */
  driTierShading: number;
  /** Mean seller revenue per auction (currency). */
  revenue: number;
  /** Mean clearing price (`MultiUnitOutcome.price`, currency per unit). */
  clearingPrice: number;
  /** Mean profit per firm and auction (currency). */
  meanProfit: number;
  /** Standard deviations over the evaluation auctions of efficiency, dri, revenue and meanProfit (the spread of one auction's figure). */
  efficiencySd: number;
  driSd: number;
  revenueSd: number;
  meanProfitSd: number;
  /** Mean bid relative to the truthful two-tier bid, per firm and auction: pH/(0.75ce), qH/(e/2), pL/(0.25ce), qL/(e/2) (1 = truthful). */
  highPriceRatio: number;
  highQuantityRatio: number;
  lowPriceRatio: number;
  lowQuantityRatio: number;
}

/** Agent-major ↔ auction-major: src [K, N, w] → dst [N, K, w]. */
function toAgentMajor(src: ArrayLike<number>, K: number, N: number, w: number, dst: Float64Array): Float64Array {
  for (let k = 0; k < K; k++) for (let i = 0; i < N; i++) for (let j = 0; j < w; j++) dst[(i * K + k) * w + j] = src[(k * N + i) * w + j]!;
  return dst;
}
/** src [N, K, w] → dst [K, N, w]. */
function toAuctionMajor(src: ArrayLike<number>, K: number, N: number, w: number, dst: Float64Array): Float64Array {
  for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) for (let j = 0; j < w; j++) dst[(k * N + i) * w + j] = src[(i * K + k) * w + j]!;
  return dst;
}

/** Check the config at the boundary; throws with a message naming the field. */
function checkConfig(c: PermitPpoConfig): void {
  const int = (k: keyof PermitPpoConfig, lo: number, hi: number) => {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${k} must be an integer in [${lo}, ${hi}] (got ${v})`);
  };
  int('firms', 1, 12);
  int('auctionsPerUpdate', 16, 8192);
  int('updates', 1, 1e7);
  int('evalEvery', 1, 1e7);
  int('evalAuctions', 1, 1e5);
}

/** Sample mean and standard deviation (n − 1 denominator; 0 for n < 2) of `xs`. */
function meanSd(xs: Float64Array): { mean: number; sd: number } {
  const n = xs.length;
  let m = 0;
  for (let j = 0; j < n; j++) m += xs[j];
  m /= Math.max(1, n);
  let v = 0;
  for (let j = 0; j < n; j++) v += (xs[j] - m) ** 2;
  return { mean: m, sd: n > 1 ? Math.sqrt(v / (n - 1)) : 0 };
}

/**
 * Clear `env` (whose K is the evaluation batch) reset to `seed` — the same held-out types every call — with the
 * bids `bidsFor(env)` returns `[K, N, 4]`, and average the figures over the auctions (with their spread).
 * Allocates its scratch per call (evaluations are infrequent).
 */
export function evaluateBids(env: PermitAuctionEnv, seed: number, supply: number, bidsFor: (env: PermitAuctionEnv, obs: Float64Array) => Float64Array): PermitEvaluation {
  const { K, N } = env;
  const obs = env.reset({ seed }).observations;
  const actions = bidsFor(env, obs);
  const { rewards, outcome, bids, types } = env.step(actions);
  const eff = new Float64Array(K);
  const dri = new Float64Array(K);
  const rev = new Float64Array(K);
  const profit = new Float64Array(K);
  let driQuantity = 0;
  let driTierShading = 0;
  const firmX = new Array<number>(N).fill(0);
  const firmD = new Array<number>(N).fill(0);
  let clearingPrice = 0;
  const ratio = [0, 0, 0, 0];
  for (let j = 0; j < K * N; j++) {
    const ce = types.c[j] * types.e[j];
    const h = types.e[j] / 2;
    if (!(ce > 0)) continue;
    ratio[0] += actions[4 * j] / (0.75 * ce);
    ratio[1] += actions[4 * j + 1] / h;
    ratio[2] += actions[4 * j + 2] / (0.25 * ce);
    ratio[3] += actions[4 * j + 3] / h;
  }
  for (let k = 0; k < K; k++) {
    const firms: Firm[] = [];
    for (let i = 0; i < N; i++) firms.push({ c: types.c[k * N + i], e: types.e[k * N + i] });
    eff[k] = allocativeEfficiency(firms, outcome.allocation.subarray(k * N, k * N + N), supply);
    const reduction = demandReduction(firms, bids, competitivePrice(firms, supply), k);
    dri[k] = reduction.market;
    for (let i = 0; i < N; i++) {
      firmX[i] += reduction.bidDemand[i];
      firmD[i] += reduction.demand[i];
    }
    driTierShading += marketDri(firms, driByFirm(firms, bids, k));
    driQuantity += quantityDri(firms, bids, supply, k).market;
    for (let i = 0; i < N; i++) {
      rev[k] += outcome.payments[k * N + i];
      profit[k] += rewards[k * N + i] / N;
    }
    clearingPrice += outcome.price[k];
  }
  const e = meanSd(eff);
  const d = meanSd(dri);
  const r = meanSd(rev);
  const p = meanSd(profit);
  return {
    efficiency: e.mean,
    dri: d.mean,
    driQuantity: driQuantity / K,
    driByFirm: firmD.map((d, i) => (d > 0 ? 1 - firmX[i] / d : 0)),
    driTierShading: driTierShading / K,
    revenue: r.mean,
    clearingPrice: clearingPrice / K,
    meanProfit: p.mean,
    efficiencySd: e.sd,
    driSd: d.sd,
    revenueSd: r.sd,
    meanProfitSd: p.sd,
    highPriceRatio: ratio[0] / (K * N),
    highQuantityRatio: ratio[1] / (K * N),
    lowPriceRatio: ratio[2] / (K * N),
    lowQuantityRatio: ratio[3] / (K * N),
  };
}

/**
 * Evaluate the deterministic (mean) bids of `ppo` on the held-out batch of `env` (see `evaluateBids`). The agents
 * may answer asynchronously, so their latents are computed first on the batch `reset({ seed })` draws, and
 * `evaluateBids` then resets to the same seed, which draws the same types and observations again.
 */
export async function evaluatePermitPolicy(ppo: PpoAgents, env: PermitAuctionEnv, seed: number, supply: number, reserve: number): Promise<PermitEvaluation> {
  const { K, N } = env;
  const obs = env.reset({ seed }).observations;
  const zA = await ppo.meanAction(toAgentMajor(obs, K, N, 2, new Float64Array(K * N * 2)), K, new Float64Array(N * K * 4));
  return evaluateBids(env, seed, supply, (en) => latentsToBids(toAuctionMajor(zA, K, N, 4, new Float64Array(K * N * 4)), en.types.c, en.types.e, reserve));
}

/** Truthful two-tier bidding on the same held-out batch: the reference line of every chart. */
export function evaluateTruthful(env: PermitAuctionEnv, seed: number, supply: number): PermitEvaluation {
  return evaluateBids(env, seed, supply, (en) => en.truthfulActions());
}

/**
 * What the firms bid right now for a showcase type: firm i of type (c̄, ē·eScale_i), the prior's mean cost and
 * mean emissions (times its size), so that in a symmetric market every firm's true marginal-value curve is the
 * same and the differences are the learned shading alone. `bids[i]` = [pH, qH, pL, qL].
 */
export interface ShowcaseBids {
  firms: Firm[];
  bids: number[][];
}

async function showcaseBids(ppo: PpoAgents, prior: FirmPrior, reserve: number): Promise<ShowcaseBids> {
  const N = ppo.M;
  const c = (prior.cMin + prior.cMax) / 2;
  const eBar = (prior.eMin + prior.eMax) / 2;
  const firms = Array.from({ length: N }, (_, i) => ({ c, e: eBar * (prior.eScale?.[i] ?? 1) }));
  // Agent-major obs [N, 1, 2]: the normalized mean type is (0.5, 0.5) unless a bound range is empty.
  const obs = new Float64Array(N * 2);
  for (let i = 0; i < N; i++) {
    obs[2 * i] = prior.cMax > prior.cMin ? 0.5 : 0;
    obs[2 * i + 1] = prior.eMax > prior.eMin ? 0.5 : 0;
  }
  const z = await ppo.meanAction(obs, 1, new Float64Array(N * 4));
  const out = latentsToBids(z, Float64Array.from(firms, (f) => f.c), Float64Array.from(firms, (f) => f.e), reserve);
  return { firms, bids: firms.map((_, i) => Array.from(out.subarray(4 * i, 4 * i + 4))) };
}

/**
 * Train N independent PPO firms on `config` from `seed`, emitting `eval` rows (x = auctions played so far;
 * efficiency, dri, revenue, clearingPrice, meanProfit, entropy, approxKl) every `evalEvery` updates and progress
 * through `ctx`; returns the last evaluation plus `auctionsPerSecond` (training throughput, including PPO updates
 * and excluding evaluations). Streams: the seed's generator forks, in order, the training env's seed, the network
 * initialization, the action noise, the minibatch shuffles and the held-out evaluation seed; so one
 * (config, seed) gives one curve.
 */
/** How `trainPermitPpo` builds its agents: plain TypeScript by default; `src/learn/ppo` offers a tfjs one. */
export type PpoAgentsFactory = (opts: IndependentPpoOptions, rng: Rng) => PpoAgents | Promise<PpoAgents>;

export const plainPpoAgents: PpoAgentsFactory = (opts, rng) => new IndependentPpo(opts, rng);

export async function trainPermitPpo(
  partial: Partial<PermitPpoConfig>,
  seed: number,
  ctx: RunContext,
  createAgents: PpoAgentsFactory = plainPpoAgents,
): Promise<FinalMetrics> {
  const config: PermitPpoConfig = { ...DEFAULT_PERMIT_PPO, ...partial, ppo: { ...DEFAULT_PERMIT_PPO.ppo, ...PERMIT_PPO_HYPER, ...partial.ppo } };
  checkConfig(config);
  const { firms: N, auctionsPerUpdate: K, supply, reserve, prior } = config;
  const root = createRng(seed);
  const envSeed = Math.floor(root.next() * 2 ** 31);
  const initRng = root.fork();
  const actRng = root.fork();
  const shuffleRng = root.fork();
  const evalSeed = Math.floor(root.next() * 2 ** 31);
  const envConfig = { firms: N, supply, reserve, mechanism: config.mechanism, priceRule: config.priceRule, tieRule: config.tieRule, prior };
  const env = new PermitAuctionEnv({ ...envConfig, K });
  const evalEnv = new PermitAuctionEnv({ ...envConfig, K: config.evalAuctions });
  const cMean = (prior.cMin + prior.cMax) / 2;
  const eMean = (prior.eMin + prior.eMax) / 2;
  const valueScale = cMean * eMean * eMean > 0 ? (cMean * eMean * eMean) / 2 : 1;
  const ppo = await createAgents(
    { agents: N, obsDim: 2, actDim: 4, hyper: config.ppo, initMean: truthfulLatent(cMean, eMean, reserve, INIT_LATENT_LIMIT), valueScale },
    initRng,
  );
  try {
    return await trainLoop();
  } finally {
    ppo.dispose();
  }
  async function trainLoop(): Promise<FinalMetrics> {
    const obsA = new Float64Array(N * K * 2);
    const zA = new Float64Array(N * K * 4);
    const logp = new Float64Array(N * K);
    const z = new Float64Array(K * N * 4);
    const actions = new Float64Array(K * N * 4);
    const rewardsA = new Float64Array(N * K);
    toAgentMajor(env.reset({ seed: envSeed }).observations, K, N, 2, obsA);

    let trainMs = 0;
    const truthful = evaluateTruthful(evalEnv, evalSeed, supply);
    ctx.emit({ type: 'snapshot', name: 'truthful', data: truthful });
    let last: PermitEvaluation = await evaluatePermitPolicy(ppo, evalEnv, evalSeed, supply, reserve);
    ctx.emit({ type: 'snapshot', name: 'showcase', data: await showcaseBids(ppo, prior, reserve) });
    let stats: PpoUpdateStats | null = null;
    // Rows hold numbers only: the per-firm index stays in the final metrics and snapshots.
    const row = (auctions: number, { driByFirm: _byFirm, ...ev }: PermitEvaluation): SeriesRow => ({
      x: auctions,
      ...ev,
      entropy: stats?.entropy ?? 0,
      approxKl: stats?.approxKl ?? 0,
    });
    ctx.emit({ type: 'points', series: 'eval', rows: [row(0, last)] });
    const t0 = performance.now();
    for (let u = 1; u <= config.updates; u++) {
      const start = performance.now();
      await ppo.act(obsA, K, actRng, zA, logp);
      toAuctionMajor(zA, K, N, 4, z);
      latentsToBids(z, env.types.c, env.types.e, reserve, actions);
      const step = env.step(actions);
      toAgentMajor(step.rewards, K, N, 1, rewardsA);
      try {
        stats = await ppo.update(obsA, zA, logp, rewardsA, K, shuffleRng);
      } catch (err) {
        // The curve so far has been emitted; say what blew up (DESIGN.md rule 7).
        if (err instanceof Error && /NaN/.test(err.message)) throw new RunDiverged('the PPO parameters');
        throw err;
      }
      toAgentMajor(step.observations, K, N, 2, obsA);
      trainMs += performance.now() - start;
      const done = u * K;
      if (u % config.evalEvery === 0 || u === config.updates) {
        last = await evaluatePermitPolicy(ppo, evalEnv, evalSeed, supply, reserve);
        ctx.emit({ type: 'points', series: 'eval', rows: [row(done, last)] });
        ctx.emit({ type: 'snapshot', name: 'showcase', data: await showcaseBids(ppo, prior, reserve) });
        ctx.emit({ type: 'snapshot', name: 'policies', data: await ppo.exportPolicies() });
        const elapsed = (performance.now() - t0) / 1000;
        ctx.emit({ type: 'progress', done, total: config.updates * K, unitsPerSecond: done / Math.max(1e-9, trainMs / 1000), elapsedSeconds: elapsed, phase: 'training' });
      }
      // Checkpoint in updates (not auctions): the UI's pace (units/s) is meant for steps, and PPO updates take ~30 ms each.
      await ctx.checkpoint(u);
    }
    const metrics: FinalMetrics = {
      mechanism: config.mechanism,
      firms: N,
      ...last,
      truthful: { ...truthful },
      auctions: config.updates * K,
      auctionsPerSecond: (config.updates * K) / Math.max(1e-9, trainMs / 1000),
      /** Rewards (profits, currency) are divided by this for the value network's targets. */
      rewardScale: valueScale,
      logStd: Array.from(ppo.logStd),
    };
    const total = config.updates * K;
    ctx.emit({ type: 'progress', done: total, total, unitsPerSecond: metrics.auctionsPerSecond as number, elapsedSeconds: (performance.now() - t0) / 1000, phase: 'done' });
    ctx.emit({ type: 'final', metrics });
    return metrics;
  }
}
