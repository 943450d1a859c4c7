/**
 * Helpers of the classroom e2e spec: a policy file to seat PPO firms without training in the test, phone-sized
 * student pages, and a raw WebSocket client inside a student's page (for messages the UI never sends).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { defaultsOf } from '../../src/core/config/schema';
import { firmsOfCount } from '../../src/core/labs/permitAuction/fields';
import { policyFileText } from '../../src/core/labs/permitAuction/policyFile';
import { permitAuctionSchema } from '../../src/core/labs/permitAuction/schema';
import { paramCount } from '../../src/core/learning/mlp';
import { watchPageErrors, type PageErrors } from './launch.ts';

/** The phone of the issue: 390 × 844 CSS pixels, touch. */
export const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
/** The projector: 1280 × 720. */
export const PROJECTOR = { viewport: { width: 1280, height: 720 } };

/**
 * A saved policy file of `agents` PPO firms with `hidden` units, as "Save … policies" writes it (the lab's own
 * writer), its weights a fixed small pattern: the firms bid something definite without a training run in the test.
 * Returns the file's path.
 */
export function policyFile(agents = 4, hidden = 16): string {
  const config = { ...defaultsOf(permitAuctionSchema), mode: 'train' as const, firms: firmsOfCount(agents), hidden };
  const n = agents * paramCount(2, hidden, 4);
  const policies = {
    format: 'auction-lab/ppo-policies' as const,
    version: 1 as const,
    agents,
    obsDim: 2,
    hidden,
    actDim: 4,
    policyParams: Array.from({ length: n }, (_, i) => 0.05 * Math.sin(i + 1)),
    logStd: Array.from({ length: agents * 4 }, () => -1),
  };
  const dir = mkdtempSync(join(tmpdir(), 'auction-lab-policies-'));
  const path = join(dir, `policies-uniform-N${agents}.json`);
  writeFileSync(path, policyFileText({ mechanism: 'uniform', config, seed: 1, policies }));
  return path;
}

/** A page in a fresh browser context of its own (its own localStorage), with its errors and dialogs recorded. */
export async function openContext(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page; errors: PageErrors; dialogs: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { context, page, errors, dialogs };
}

/** Join a room from the student page as it is open (the join link), with an optional display name; waits for the seat. */
export async function joinAsStudent(page: Page, link: string, name?: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByTestId('student.join')).toBeEnabled();
  if (name !== undefined) await page.getByTestId('student.name-input').fill(name);
  await page.getByTestId('student.join').click();
  await expect(page.getByTestId('student.phase')).toBeVisible();
}

/**
 * From inside a student's page (its origin, its stored seat token): open a second WebSocket, rejoin the seat, send
 * `forged` and return the first `error` the server answers with (or what else came, after 10 s).
 */
export function sendFromStudentPage(page: Page, code: string, forged: unknown): Promise<unknown> {
  return page.evaluate(
    ({ code, forged }) =>
      new Promise<unknown>((resolve) => {
        const raw = localStorage.getItem(`auction-lab.session.seat.${code}`);
        const seatToken: unknown = raw === null ? null : JSON.parse(raw);
        const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/session`);
        const seen: unknown[] = [];
        const timer = setTimeout(() => resolve({ timeout: true, seen }), 10_000);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'join', code, seatToken }));
        ws.onmessage = (e: MessageEvent) => {
          const m = JSON.parse(String(e.data)) as { type?: string };
          seen.push(m);
          if (m.type === 'student' && seen.filter((x) => (x as { type?: string }).type === 'student').length === 1) ws.send(JSON.stringify(forged));
          if (m.type === 'error') {
            clearTimeout(timer);
            ws.close();
            resolve(m);
          }
        };
      }),
    { code, forged },
  );
}

/** The four bid fields of a student page as numbers. */
export async function bidFields(page: Page): Promise<number[]> {
  return Promise.all(['pH', 'qH', 'pL', 'qL'].map(async (f) => Number(await page.getByTestId(`student.bid.${f}`).inputValue())));
}

/** Type a bid into a student page and submit it; waits for the server's acknowledgement. */
export async function submitBid(page: Page, bid: readonly number[]): Promise<void> {
  const fields = ['pH', 'qH', 'pL', 'qL'];
  for (let i = 0; i < 4; i++) await page.getByTestId(`student.bid.${fields[i]}`).fill(String(bid[i]));
  await page.getByTestId('student.submit').click();
  await expect(page.getByTestId('student.bid-status')).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByTestId('student.bid-status')).toContainText(`Bid in: [${bid.join(', ')}]`);
}

/** axe-core violations of impact moderate or worse on the page as it is, one line each. */
export async function axeViolations(page: Page, when: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => ['moderate', 'serious', 'critical'].includes(v.impact ?? ''))
    .map((v) => `${when}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
