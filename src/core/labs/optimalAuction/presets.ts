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
      'Three bidders with exponential values (rate 1). Myerson’s auction is a second-price auction with reserve 1/λ = 1 and earns about 0.90 per auction (Vickrey 0.81). The learned auction should get close at small regret; values reach far beyond 1 here, so the regret penalty (λ, ρ) is set stronger than for uniform values.',
    config: { prior: 'exp', bidders: 3, rate: 1, warmStart: 'classic', imitationSteps: 1000, steps: 300, lambdaInit: 50, rho: 200 },
    seed: 2,
  },
  {
    id: 'correlated',
    title: 'Correlated bidders (latent factor)',
    description:
      'Two bidders whose values share a common factor (ρ = 0.7). Myerson’s formula no longer applies; the network starts from Vickrey and looks for more revenue while keeping regret small. With values this close, Vickrey already takes most of the surplus: expect a small gain (about +0.01 per auction here) and the gap to E[max v] to stay large.',
    config: { prior: 'latent', bidders: 2, correlation: 0.7, warmStart: 'classic', imitationSteps: 800, steps: 600 },
    seed: 3,
  },
  {
    id: 'study',
    title: 'A tuning study',
    description:
      'Tunes initial λ, ρ, the λ update schedule and the learning rate for revenue − 5 × regret: random start-up trials, then a TPE sampler; two trials at a time. The study is saved: run it again to add trials.',
    config: { prior: 'uniform', bidders: 2, study: 12, studyStartup: 4, studyWorkers: 2, imitationSteps: 600, steps: 100, evalDraws: 1024, evalMisreportRestarts: 17, evalMisreportSteps: 10 },
    seed: 4,
  },
];
