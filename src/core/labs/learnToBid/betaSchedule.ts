/**
 * Sigmoid steepness β at step t of T (t = 0 … T−1), moving from β₀ to β₁:
 * constant β(t) = β₀; linear β(t) = β₀ + (β₁ − β₀)·t/(T−1); exponential β(t) = β₀·(β₁/β₀)^(t/(T−1)).
 * Annealing β upward removes the under-bidding bias a fixed soft σ creates (source report, "next steps").
 */
export function betaAt(
  schedule: 'constant' | 'linear' | 'exponential',
  beta0: number,
  beta1: number,
  t: number,
  total: number,
): number {
  if (schedule === 'constant' || total <= 1) return beta0;
  const f = Math.min(1, Math.max(0, t / (total - 1)));
  return schedule === 'linear' ? beta0 + (beta1 - beta0) * f : beta0 * (beta1 / beta0) ** f;
}
