/**
 * When w settled: the step after which every |w_i − target| < tolerance held up to the end of the run, or null
 * when the last observation is outside the band (or there is no target). `convergedAt` is the first observed
 * step of the final stretch inside the band, so a run that enters the band, leaves it and never comes back
 * reports null, and one that comes back reports the step it came back.
 * Observations may skip steps (learners that read slopes only on recorded steps): the stretch then starts at the
 * first observation inside the band after the last one outside it.
 */
export class ConvergenceTracker {
  private start: number | null = null;
  constructor(
    private readonly target: number | null,
    private readonly tolerance = 0.02,
  ) {}

  observe(step: number, w: ArrayLike<number>): void {
    if (this.target === null) return;
    let inside = w.length > 0;
    for (let i = 0; i < w.length; i++) if (!(Math.abs(w[i] - this.target) < this.tolerance)) inside = false;
    if (!inside) this.start = null;
    else if (this.start === null) this.start = step;
  }

  /** First step of the stretch inside the band that lasts to the latest observation; null while outside. */
  get convergedAt(): number | null {
    return this.start;
  }
}
