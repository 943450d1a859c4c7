/**
 * The measured speeds every lab's cost model (`labs/<lab>/cost.ts`) turns into seconds: one table, each entry
 * the bench line it comes from, trimmed to the parameters and the figures a model reads. Measured with
 * `npm run -s bench -- --only <bench> [--quick]` (or the same measurement through the bench's `--one`) on the
 * 2-core development machine while other jobs shared it (load ≈ 2–3), so the figures are what a user of that
 * machine sees, not its best. When the code gets faster or slower, re-run the bench and paste the new line.
 */
export const RATES = {
  /** `{"bench":"learn-to-bid","bidders":2,"batch":1024,"policy":"linear","backend":"ts",…,"stepsPerSecond":15308.29…,"steps":300}` (--quick). */
  learnToBidLinearTs: { bench: 'learn-to-bid', bidders: 2, batch: 1024, policy: 'linear', backend: 'ts', stepsPerSecond: 15308 },
  /** `{"bench":"learn-to-bid","bidders":2,"batch":1024,"policy":"mlp","backend":"simd",…,"stepsPerSecond":1884.63…,"steps":2971,"recordEvery":2}` (hidden 16, the default; 32 rival pairings). */
  learnToBidMlpSimd: { bench: 'learn-to-bid', bidders: 2, batch: 1024, policy: 'mlp', backend: 'simd', hidden: 16, stepsPerSecond: 1884.6 },
  /**
   * `{"bench":"permit-ppo","mechanism":"uniform","firms":4,"supply":12,"backend":"ts","auctionsPerUpdate":512,"updates":40,"auctionsPerSecond":6213.41…,"msPerUpdate":82.40…}`
   * (PPO defaults: hidden 16, 4 epochs, minibatch 256). The `permit-ppo-breakdown` bench puts the environment
   * (clearing the auctions) at ≈ 4% of an update: `{"bench":"permit-ppo-breakdown","backend":"ts",…,"msPerUpdate":44.145,"envMs":1.855,…}` (--quick).
   */
  permitPpo: { bench: 'permit-ppo', firms: 4, auctionsPerUpdate: 512, hidden: 16, epochs: 4, auctionsPerSecond: 6213, envShare: 1.855 / 44.145 },
  /** `{"bench":"optimal-auction-steps","backend":"wasm","batch":1024,"bidders":2,"layers":"64-32-16","misreportRestarts":12,"misreportSteps":2,"imitationStepsPerSecond":53.3,"penaltyStepsPerSecond":7.01}` (--quick). */
  optimalAuctionSteps1024: { bench: 'optimal-auction-steps', backend: 'wasm', batch: 1024, bidders: 2, layers: [64, 32, 16], misreportRestarts: 12, misreportSteps: 2, imitationStepsPerSecond: 53.3, penaltyStepsPerSecond: 7.01 },
  /** `{"bench":"optimal-auction-steps","backend":"wasm","batch":8192,"bidders":2,"layers":"64-32-16","misreportRestarts":12,"misreportSteps":2,"imitationStepsPerSecond":15.6,"penaltyStepsPerSecond":1.32}`. */
  optimalAuctionSteps8192: { bench: 'optimal-auction-steps', backend: 'wasm', batch: 8192, bidders: 2, layers: [64, 32, 16], misreportRestarts: 12, misreportSteps: 2, imitationStepsPerSecond: 15.6, penaltyStepsPerSecond: 1.32 },
  /**
   * `{"bench":"all-pay-design-loop","bidders":3,"reading":"prize-split","learner":"fictitious-play","iterations":800,"valueLevels":21,"bidLevels":51,"designs":3,"rounds":2,"seconds":2.534,"simulateSeconds":1.353,"fitSeconds":1.181,…,"backend":"wasm"}`
   * (--quick): 6 fictitious-play rounds of 800 iterations in 1.353 s, then the surrogate fit and ascent.
   */
  allPayDesignLoop: { bench: 'all-pay-design-loop', bidders: 3, learner: 'fictitious-play', iterations: 800, valueLevels: 21, bidLevels: 51, designs: 3, rounds: 2, simulateSeconds: 1.353, fitSeconds: 1.181 },
  /**
   * The bench has no bandit or PPO bidders; measured by hand with the CLI on the same machine:
   * `npm run -s lab -- all-pay-design --set mode=simulate --set learner=bandit --set rounds=1` → `"secondsPerRound":0.410`,
   * `… --set learner=ppo …` → `"secondsPerRound":9.591` (n = 3, 800 iterations, 21 × 51 grid).
   */
  allPayDesignCli: { bidders: 3, iterations: 800, valueLevels: 21, bidLevels: 51, banditSecondsPerRound: 0.41, ppoSecondsPerRound: 9.59 },
  /** `{"bench":"carbon-market","rule":"equal","episodes":64,"firms":5,"years":10,"firmYearsPerSecond":1469168.6…}` (--quick). */
  carbonMarketSimulate: { bench: 'carbon-market', rule: 'equal', episodes: 64, firms: 5, years: 10, firmYearsPerSecond: 1.469e6 },
  /** `{"bench":"carbon-market-train","firmAgents":"rule","firms":5,"years":10,"episodesPerUpdate":64,"defaultUpdates":100,…,"trainSeconds":3.628…}` (--quick). */
  carbonMarketTrainRule: { bench: 'carbon-market-train', firmAgents: 'rule', firms: 5, years: 10, episodesPerUpdate: 64, updates: 100, trainSeconds: 3.628 },
  /** `{"bench":"carbon-market-train","firmAgents":"ppo","firms":5,"years":10,"episodesPerUpdate":64,"defaultUpdates":150,…,"trainSeconds":5.691…}` (50 firm + 100 regulator updates). */
  carbonMarketTrainPpo: { bench: 'carbon-market-train', firmAgents: 'ppo', firms: 5, years: 10, episodesPerUpdate: 64, updates: 150, trainSeconds: 5.691 },
} as const;
