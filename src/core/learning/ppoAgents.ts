import type { Rng } from '../math/rng';

/**
 * A value or a promise of it. The plain-TypeScript agents answer at once; the tfjs ones read their results back
 * from the device asynchronously (`Tensor.data()`): on WebGPU a synchronous readback (`dataSync`) goes through a
 * canvas copy that returns zeros or fails to allocate on Chromium's software adapter. Callers `await` every call.
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The port every independent-PPO implementation offers (`learning/ppo.ts` in plain TypeScript; a tfjs one lives in
 * `src/learn/ppo/`). Data layout is agent-major `[M, B, ·]`: agent m's sample b of an observation sits at
 * (m·B + b)·obsDim. One-step episodes: `act`, step the environment, `update` with the rewards.
 */
export interface PpoAgents {
  readonly M: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** Log standard deviations of the Gaussian policies `[M, actDim]` (read-only view of the current values). */
  readonly logStd: Float64Array;
  /** Sample latents z `[M, B, actDim]` and log π(z|obs) `[M, B]` for obs `[M, B, obsDim]` (noise from `rng`). */
  act(obs: Float64Array, B: number, rng: Rng, zOut: Float64Array, logpOut: Float64Array): MaybePromise<void>;
  /** The deterministic (mean) latents μ(obs) `[M, B, actDim]`, written into `out` and returned. */
  meanAction(obs: Float64Array, B: number, out: Float64Array): MaybePromise<Float64Array>;
  /** One PPO update on B samples per agent (see `IndependentPpo.update`). Throws (or rejects with) an Error mentioning NaN on divergence. */
  update(obs: Float64Array, z: Float64Array, logpOld: Float64Array, rewards: ArrayLike<number>, B: number, rng: Rng): MaybePromise<PpoUpdateStats>;
  /** Where the time went so far, milliseconds since construction (or the last `resetTimings`). */
  readonly timings: PpoTimings;
  resetTimings(): void;
  /** The policies as plain data (for export, play against the agents, and import). */
  exportPolicies(): MaybePromise<PpoPolicySnapshot>;
  /** Release native resources (tfjs tensors); a no-op for plain TypeScript. */
  dispose(): void;
}

/** Diagnostics of one `update`, averaged over agents (and minibatches where noted). */
export interface PpoUpdateStats {
  /** Mean clipped surrogate over the last epoch's minibatches (normalized advantages). */
  policyObjective: number;
  /** Mean (r/valueScale − V)² before the update. */
  valueLoss: number;
  /** Mean policy entropy after the update (nats per agent). */
  entropy: number;
  /** Mean of log π_old − log π over the last epoch (approximate KL). */
  approxKl: number;
  /** Share of samples whose ratio was outside [1 − ε, 1 + ε] in the last epoch. */
  clipFraction: number;
}

/** Milliseconds spent per part of PPO training (sampling and updates), for the bench breakdown. */
export interface PpoTimings {
  /** Policy/value forward passes (sampling, value baseline, minibatch forwards). */
  forwardMs: number;
  /** Backpropagation (gradients of the clipped objective and the value loss). */
  backwardMs: number;
  /** Gradient clipping and Adam steps. */
  optimizerMs: number;
}

/**
 * The policies of M agents as plain numbers: the policy MLPs (obs → hidden → hidden → actDim, tanh) and the
 * log standard deviations. Parameter layout per agent is `BatchedMlp`'s (`learning/mlp.ts`).
 */
export interface PpoPolicySnapshot {
  format: 'auction-lab/ppo-policies';
  version: 1;
  agents: number;
  obsDim: number;
  hidden: number;
  actDim: number;
  /** `[M · P]` policy parameters, agent after agent, P = paramCount(obsDim, hidden, actDim). */
  policyParams: number[];
  /** `[M · actDim]`. */
  logStd: number[];
}
