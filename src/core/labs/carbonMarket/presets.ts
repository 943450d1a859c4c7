import type { Preset } from '../types';
import type { CarbonMarketConfig } from './schema';

/** Built-in experiments of the carbon-market lab; each round-trips through the URL codec (tested). */
export const carbonMarketPresets: readonly Preset<CarbonMarketConfig>[] = [
  {
    id: 'learned-vs-grandfathering',
    title: 'Learned regulator vs grandfathering',
    description:
      'Five firms, ten years, 200 allowances. The regulator starts from equal shares on an even schedule and learns to issue more in the early years (before research lowers emission intensities) and to give more to poorer firms. Compare its objective, equality and shortfall with grandfathering, which hands most allowances to the biggest emitters.',
    config: { policy: 'learned' },
    seed: 1,
  },
  {
    id: 'auctioning',
    title: 'What auctioning changes',
    description:
      'Full auctioning sells each year’s allowances by uniform price and returns the revenue equally. Firms then trade to the same holdings as under any free allocation, so the allowance price, output and emissions do not change, and with equal recycling every figure matches equal free shares (the classic equivalence: a competitive market makes the initial allocation matter only for who keeps the carbon rent). What changes against grandfathering and benchmarking is that rent: compare equality and the wealth panels.',
    config: { policy: 'auction' },
    seed: 1,
  },
  {
    id: 'equality-sweep',
    title: 'Equality weight sweep',
    description:
      'Five runs in parallel, one per equality weight wE ∈ {0, 0.5, 1, 2, 3} in the objective equality^wE × productivity × exp(−κ·shortfall). Each rule’s objective against wE: the learned regulator re-trains for each weight; the classic rules do not change their allocation, only their score.',
    config: { policy: 'learned', sweep: 'equalityWeight', sweepValues: [0, 0.5, 1, 2, 3], iterations: 60 },
    seed: 1,
  },
];
