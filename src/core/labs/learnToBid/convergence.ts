/**
 * Tracks when every |w_i − target| < tolerance first holds for `window` consecutive steps (the speed figure
 * "time until converged" in the bench). Reports the first step of that stretch, or null while not yet.
 * Observations may skip steps (learners that read slopes only on recorded steps): the stretch then counts
 * the steps between the first and the latest observation inside the band.
 */
export class ConvergenceTracker {
  private streak = 0;
  private start = -1;
  convergedAt: number | null = null;

  constructor(
    private readonly target: number | null,
    private readonly tolerance = 0.02,
    private readonly window = 50,
  ) {}

  observe(step: number, w: ArrayLike<number>): void {
    if (this.target === null || this.convergedAt !== null) return;
    let inside = true;
    for (let i = 0; i < w.length; i++) if (Math.abs(w[i] - this.target) >= this.tolerance) inside = false;
    if (!inside) {
      this.streak = 0;
      return;
    }
    if (this.streak === 0) this.start = step;
    this.streak++;
    if (step - this.start + 1 >= this.window) this.convergedAt = this.start;
  }
}
