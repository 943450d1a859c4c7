import type { Preset } from '../types';
import type { OptimalAuctionConfig } from './schema';

/** Built-in experiments of the optimal-auction lab; each must round-trip through the URL codec (tested). */
export const optimalAuctionPresets: readonly Preset<OptimalAuctionConfig>[] = [
  {
    id: 'myerson',
    title: 'Myerson from scratch (2 bidders, uniform)',
    description:
      'No warm start: a random network learns by revenue and regret penalty alone. Watch it discover the reserve price 1/2 (about a quarter of the auctions end with no sale) and climb past Vickrey’s 1/3 to Myerson’s 5/12 ≈ 0.417 with near-zero regret; the heatmap draws Myerson’s boundary.',
    config: { prior: 'uniform', bidders: 2, warmStart: 'none', steps: 1500, lr: 0.002 },
    seed: 1,
  },
  {
    id: 'exponential',
    title: 'Exponential bidders',
    description:
      'Three bidders with exponential values (rate 1). Myerson’s auction is a second-price auction with reserve 1/λ = 1 and earns 3e⁻¹ − 3e⁻²/2 + e⁻³/3 ≈ 0.917 per auction (closed form; Vickrey H₃ − 1 ≈ 0.833, E[max v] = H₃ ≈ 1.833). Values reach far beyond 1 here; the regret budget is stated relative to the mean value 1/λ, so the same settings as for uniform values apply. A learned revenue above 0.917 is bought with regret: the lab says so.',
    config: { prior: 'exp', bidders: 3, rate: 1, warmStart: 'classic' },
    seed: 2,
  },
  {
    id: 'correlated',
    title: 'Correlated bidders (latent factor)',
    description:
      'Two bidders whose values share a common factor (ρ = 0.7). Myerson’s formula no longer applies and no closed-form optimum is known, so the lab measures the learned auction against Vickrey on the same draws; the network starts from Vickrey and looks for more revenue while keeping regret within the budget. With values this close, Vickrey already takes most of the surplus: expect a small gain and the gap to E[max v] to stay large.',
    config: { prior: 'latent', bidders: 2, correlation: 0.7, warmStart: 'classic', imitationSteps: 800, steps: 600 },
    seed: 3,
  },
  {
    id: 'heterogeneous',
    title: 'Heterogeneous bidders (U[0, 1] and U[0, 1.5])',
    description:
      'Two independent bidders, one with values in [0, 1], one in [0, 1.5]. Myerson’s auction compares virtual values 2v − a_i: the weak bidder can win with the lower bid, and each bidder has its own reserve a_i/2. It earns 19/36 ≈ 0.528 per auction against Vickrey’s 7/18 ≈ 0.389 (exact integrals; E[max v] = 31/36 ≈ 0.861). Phase 1 imitates Myerson.',
    config: { prior: 'hetero', bidders: 2, upper: [1, 1.5], warmStart: 'classic' },
    seed: 5,
  },
  {
    id: 'study',
    title: 'A tuning study',
    description:
      'Tunes the augmented Lagrangian’s initial λ, ρ, λ update schedule and learning rate for revenue − 5 × regret: random start-up trials, then a TPE sampler; two trials at a time. The study is saved: run it again to add trials.',
    config: { prior: 'uniform', bidders: 2, penalty: 'fixed', study: 12, studyStartup: 4, studyWorkers: 2, imitationSteps: 600, steps: 100, evalDraws: 1024, evalMisreportRestarts: 17, evalMisreportSteps: 10 },
    seed: 4,
  },
];
