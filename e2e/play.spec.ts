import { expect, test } from './support/fixtures';
import { LabPage, presetHash } from './support/labPage';

/** A small training budget: two PPO updates, evaluated after each (a few seconds). */
const QUICK = { auctions: 512, auctionsPerUpdate: 256, minibatch: 128, epochs: 1, evalEvery: 1, evalAuctions: 64 };
const FIELDS = ['pH', 'qH', 'pL', 'qL'] as const;

/** A number as the page prints it (`fmt`: U+2212 for minus, thin spaces or commas never used at these sizes). */
const num = (s: string): number => Number(s.replace('−', '-'));

test('play: every round waits for the bid; three bids give three outcomes and the score sums them', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('play-trained', 'permit-auction'));
  for (const [k, v] of Object.entries(QUICK)) await lab.setField(k, v);
  expect((await lab.state()).config).toMatchObject({ auctions: 512, auctionsPerUpdate: 256 });
  await lab.clickRun();
  await lab.waitForRunsFinished(60_000);

  const round = lab.byTestId('play.round');
  const state = lab.byTestId('play.state');
  const result = lab.byTestId('play.result');
  const score = lab.byTestId('play.score');
  const input = (f: (typeof FIELDS)[number]) => lab.byTestId(`play.${f}`);

  // Round r's bid from its pre-filled truthful bid: truthful; both tiers shaded to a tenth of their prices (so the
  // firm wins less than truthful bidding would: the score moves off ±0.0); the low tier withheld.
  const bids: ((t: number[]) => number[])[] = [(t) => t, (t) => [t[0] / 10, t[1], t[2] / 10, t[3]], (t) => [t[0], t[1], t[2], 0]];
  const outcomes: { permits: number; paid: number; profit: number; truthful: number }[] = [];
  let sumProfit = 0;
  let sumTruthful = 0;
  for (let r = 1; r <= 3; r++) {
    // The new round is drawn and shown, and waits: nothing settled, the score still counts the rounds before.
    await expect(round).toHaveText(`Round ${r}`);
    await expect(state).toHaveAttribute('data-state', 'awaiting-bid'); // new-ui
    await expect(result).toHaveCount(0);
    await expect(score).toContainText(`after ${r - 1} ${r - 1 === 1 ? 'round' : 'rounds'}`);
    await expect(lab.byTestId('play.submit')).toBeEnabled();
    const truthful = await Promise.all(FIELDS.map(async (f) => Number(await input(f).inputValue())));
    const bid = bids[r - 1](truthful);
    for (let i = 0; i < 4; i++) await input(FIELDS[i]).fill(String(Math.round(bid[i] * 100) / 100));
    // Typing a bid settles nothing either.
    await expect(state).toHaveAttribute('data-state', 'awaiting-bid'); // new-ui
    await expect(result).toHaveCount(0);

    await lab.byTestId('play.submit').click();
    await expect(state).toHaveAttribute('data-state', 'settled'); // new-ui
    await expect(result).toBeVisible();
    const m = /You won ([\d.e+−-]+) permits, paid ([\d.e+−-]+): profit ([\d.e+−-]+)\. Bidding truthfully against the same bids would have made ([\d.e+−-]+)\./.exec(
      (await result.textContent()) ?? '',
    );
    expect(m, 'the round result line').not.toBeNull();
    const o = { permits: num(m![1]), paid: num(m![2]), profit: num(m![3]), truthful: num(m![4]) };
    outcomes.push(o);
    sumProfit += o.profit;
    sumTruthful += o.truthful;
    // The score line counts this round: sums over every round played (each shown to 2 decimals, the score to 1).
    await expect(score).toContainText(`after ${r} ${r === 1 ? 'round' : 'rounds'}`);
    const s = /profit ([\d.e+−-]+) \(truthful would have made ([\d.e+−-]+), (±0\.0|[+−][\d.]+)\)/.exec((await score.textContent()) ?? '');
    expect(s, 'the score line').not.toBeNull();
    expect(Math.abs(num(s![1]) - sumProfit)).toBeLessThanOrEqual(0.05 + 0.005 * r);
    expect(Math.abs(num(s![2]) - sumTruthful)).toBeLessThanOrEqual(0.05 + 0.005 * r);
    const gain = s![3] === '±0.0' ? 0 : num(s![3].replace('+', ''));
    expect(Math.abs(gain - (sumProfit - sumTruthful))).toBeLessThanOrEqual(0.1 + 0.01 * r);
    if (r === 1) await expect(score).toContainText('±0.0'); // truthful bid: truthful profit
    if (r === 2) {
      // A bid a tenth of the truthful one earns something else than truthful bidding, and the score says so.
      expect(Math.abs(o.profit - o.truthful)).toBeGreaterThan(0.1);
      await expect(score).not.toContainText('±0.0');
    }
    // Settled: the bid is locked until the next round.
    await expect(input('pH')).toBeDisabled();

    if (r < 3) {
      await lab.byTestId('play.next').click();
      // One click on Next advances only: the round number moves on and nothing of it is settled.
      await expect(round).toHaveText(`Round ${r + 1}`);
      await expect(state).toHaveAttribute('data-state', 'awaiting-bid'); // new-ui
      await expect(result).toHaveCount(0);
      await expect(score).toContainText(`after ${r} ${r === 1 ? 'round' : 'rounds'}`);
      await expect(input('pH')).toBeEnabled();
    }
  }
  // Three bids, three outcomes.
  const keys = outcomes.map((o) => `${o.permits}/${o.paid}`);
  expect(new Set(keys).size, keys.join(' ')).toBe(3);
  await lab.screenshot('permit-play-round3.png');
  lab.expectNoPageErrors();
});
