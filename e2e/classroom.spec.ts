/**
 * Classroom sessions end to end, against the real session server (started here as a child process on a free
 * port, serving this test build): an instructor on a projector-sized page and three students on phone-sized pages
 * in contexts of their own. Every wait is for a state the page shows after the server acknowledged it.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';
import { axeViolations, bidFields, joinAsStudent, openContext, PHONE, policyFile, PROJECTOR, sendFromStudentPage, submitBid } from './support/classroom';
import { artifactPath } from './support/launch';
import { LabPage, presetHash } from './support/labPage';
import { startSessionServer, type SessionServer } from './support/sessionServer';

const XSS = '<img src=x onerror=alert(1)>';
/** What a page may log while the server is down: the browser reports each failed reconnect attempt. */
const RECONNECT_NOISE = /WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/session' failed/;
const round2 = (x: number) => Math.round(x * 100) / 100;
const floor2 = (x: number) => Math.floor(x * 100) / 100;
/** A figure as the page prints it (`fmt`: U+2212 minus). */
const num = (s: string | null) => Number((s ?? '').replace('−', '-'));

let server: SessionServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test('a class session: three phones and the projector, a reload, a server restart, a forged command and a hostile name', async ({ browser }) => {
  test.setTimeout(240_000);
  server = await startSessionServer(test.info().outputPath('sessions'));
  const url = server.url;

  // ── instructor: the permit lab's launcher with 5 seats, 2 of them PPO firms from a saved policy file ──
  const host = await openContext(browser, PROJECTOR);
  const hp = host.page;
  await hp.goto(`${url}/`);
  await hp.getByTestId('lab.permit-auction').click();
  await hp.getByTestId('session.start').click();
  await hp.getByTestId('session.policy-file.file').setInputFiles(policyFile());
  await expect(hp.getByTestId('session.policy-source')).toContainText('Uniform price firms');
  await hp.getByTestId('session.seats').fill('5');
  await hp.getByTestId('session.ppo-seats').fill('2');
  await hp.getByTestId('session.timer').fill('0');
  await hp.getByTestId('session.create').click();
  // The projector page opens once the server has acknowledged the room and the policies.
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'lobby');
  expect(new URL(hp.url()).searchParams.get('host')).toMatch(/^[A-Z2-9]{6}$/);
  const code = (await hp.getByTestId('host.code').textContent())!.trim();
  const link = (await hp.getByTestId('host.link').textContent())!.trim();
  expect(link).toBe(`${url}/?join=${code}`);
  await expect(hp.getByTestId('session.qr')).toHaveAttribute('src', /^data:image\/svg\+xml/);
  await expect(hp.getByTestId('host.page')).toContainText('2 trained firms');
  await expect(hp.getByTestId('host.page')).not.toContainText('no policies loaded');
  await hp.screenshot({ path: artifactPath('classroom-projector-lobby.png') });

  // ── a wrong code says so, without a seat ──
  const stray = await openContext(browser, PHONE);
  await stray.page.goto(`${url}/?join=${code === 'BCDFGH' ? 'BCDFGJ' : 'BCDFGH'}`);
  await stray.page.getByTestId('student.join').click();
  await expect(stray.page.getByTestId('student.problem')).toHaveAttribute('data-code', 'no-such-room');
  await expect(stray.page.getByTestId('student.problem')).toContainText('No room has the code');
  await stray.context.close();

  // ── three students join by the link; one named with markup, one named, one anonymous ──
  const students = [await openContext(browser, PHONE), await openContext(browser, PHONE), await openContext(browser, PHONE)];
  const [s1, s2, s3] = students.map((s) => s.page);
  await s1.goto(link);
  await expect(s1.getByTestId('student.join')).toBeEnabled();
  await s1.screenshot({ path: artifactPath('classroom-phone-join.png') });
  await joinAsStudent(s1, link, XSS);
  await joinAsStudent(s2, link, 'Bo');
  await joinAsStudent(s3, link);
  for (const s of [s1, s2, s3]) await expect(s.getByTestId('student.phase')).toHaveAttribute('data-phase', 'lobby');
  await expect(hp.getByTestId('host.joined')).toHaveAttribute('data-value', '3');
  // The name is text on both screens: shown literally, never an element.
  await expect(s1.getByTestId('student.name')).toHaveText(XSS);
  await expect(hp.getByTestId('host.roster.name').filter({ hasText: XSS })).toHaveCount(1);
  await expect(s3.getByTestId('student.who')).toContainText('anonymous');

  // ── round 1 (uniform price): open, three bids ──
  await hp.getByTestId('host.open').click();
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'open');
  for (const s of [s1, s2, s3]) await expect(s.getByTestId('student.phase')).toHaveAttribute('data-phase', 'open');
  const truthful = await Promise.all([s1, s2, s3].map(bidFields));
  // Touch targets on the phone: every button and field at least 44 px high.
  for (const el of await s1.locator('button:visible, input:visible').all()) expect((await el.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  // Student 1 withholds the low tier; student 2 bids truthfully (the helper); student 3 shades the high tier.
  const bid1 = [round2(truthful[0][0]), floor2(truthful[0][1]), 0, 0];
  await submitBid(s1, bid1);
  await s2.getByTestId('student.truthful').click();
  await s2.getByTestId('student.submit').click();
  await expect(s2.getByTestId('student.bid-status')).toHaveAttribute('data-state', 'accepted');
  const bid3 = [round2(0.8 * truthful[2][0]), floor2(truthful[2][1]), round2(0.8 * truthful[2][2]), round2(truthful[2][3] - 0.02)];
  await submitBid(s3, bid3);
  await expect(hp.getByTestId('host.bids')).toHaveAttribute('data-value', '3');
  // A bid the lab's form refuses is refused here too, before it is sent, with the lab's message.
  await s1.getByTestId('student.bid.pL').fill(String(bid1[0] + 5));
  await s1.getByTestId('student.bid.qL').fill('1');
  await s1.getByTestId('student.submit').click();
  await expect(s1.getByTestId('student.bid-issue')).toContainText('nothing was sent');
  await expect(s1.getByTestId('student.bid-status')).toContainText(`Bid in: [${bid1.join(', ')}]`);

  // ── student 3 reloads mid-round: same seat, type and bid ──
  const firm3 = await s3.getByTestId('student.firm').textContent();
  await s3.reload();
  await expect(s3.getByTestId('student.phase')).toHaveAttribute('data-phase', 'open');
  await expect(s3.getByTestId('student.bid-status')).toHaveAttribute('data-state', 'accepted');
  await expect(s3.getByTestId('student.firm')).toHaveText(firm3!);
  expect(await bidFields(s3)).toEqual(bid3);

  // ── a forged control message from a student's connection is refused, and changes nothing ──
  const forged = await sendFromStudentPage(s1, code, { type: 'host', code, secret: 'A'.repeat(24), command: { kind: 'end' } });
  expect(forged).toMatchObject({ type: 'error', code: 'not-host' });
  const resume = await sendFromStudentPage(s2, code, { type: 'host-resume', code, secret: 'B'.repeat(24) });
  expect(resume).toMatchObject({ type: 'error', code: 'not-host' });
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'open');

  // ── the server restarts mid-round: every page reconnects, the room, the seats and the bids are back ──
  await server.stop();
  await expect(hp.getByTestId('host.connection')).toHaveAttribute('data-state', /reconnecting|unreachable/);
  for (const s of [s1, s2, s3]) await expect(s.getByTestId('student.connection')).toHaveAttribute('data-state', /reconnecting|unreachable/);
  await server.start();
  await expect(hp.getByTestId('host.connection')).toHaveAttribute('data-state', 'open', { timeout: 30_000 });
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'open');
  await expect(hp.getByTestId('host.bids')).toHaveAttribute('data-value', '3');
  for (const s of [s1, s2, s3]) {
    await expect(s.getByTestId('student.connection')).toHaveAttribute('data-state', 'open', { timeout: 30_000 });
    await expect(s.getByTestId('student.bid-status')).toHaveAttribute('data-state', 'accepted');
  }
  // Student 1's refused edit is still in the form (nothing typed is lost), the accepted bid still counts.
  await expect(s1.getByTestId('student.bid-status')).toContainText(`Bid in: [${bid1.join(', ')}]`);

  // ── close and reveal: the projector shows the class, each phone its own result ──
  await hp.getByTestId('host.close').click();
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'closed');
  for (const s of [s1, s2, s3]) await expect(s.getByTestId('student.phase')).toHaveAttribute('data-phase', 'closed');
  // Too late: the form is closed, and a bid that still arrives after the close is refused, saying so.
  await expect(s1.getByTestId('student.submit')).toBeDisabled();
  const late = await sendFromStudentPage(s1, code, { type: 'bid', round: 1, bid: bid1 });
  expect(late).toMatchObject({ type: 'error', code: 'late-bid', message: expect.stringContaining('not counted') });
  await hp.getByTestId('host.reveal').click();
  await expect(hp.getByTestId('host.reveal-panel')).toHaveAttribute('data-round', '1');
  await expect(hp.getByTestId('host.dri.humans')).toHaveText(/%$/);
  await expect(hp.getByTestId('host.dri.ppo')).toHaveText(/%$/);
  const shown: { seat: number; permits: number; payment: number; profit: number }[] = [];
  for (const s of [s1, s2, s3]) {
    await expect(s.getByTestId('student.result')).toHaveAttribute('data-round', '1');
    shown.push({
      seat: Number(/Seat (\d+)/.exec((await s.getByTestId('student.who').textContent()) ?? '')![1]) - 1,
      permits: num(await s.getByTestId('student.result.permits').textContent()),
      payment: num(await s.getByTestId('student.result.payment').textContent()),
      profit: num(await s.getByTestId('student.result.profit').textContent()),
    });
  }
  // A student never sees another student's type or bid: the phone page holds no other seat's name.
  await expect(s2.getByTestId('student.page')).not.toContainText(XSS);
  // Both screens pass axe-core (moderate or worse) as the class sees them after the reveal.
  expect([...(await axeViolations(hp, 'projector')), ...(await axeViolations(s1, 'phone'))]).toEqual([]);
  for (const p of [hp, s1]) await p.evaluate(() => window.scrollTo(0, 0));
  await hp.screenshot({ path: artifactPath('classroom-projector.png') });
  await s1.screenshot({ path: artifactPath('classroom-phone-result.png') });

  // ── round 2: switch to VCG on the same types; two students bid, one sits out ──
  await hp.getByTestId('host.switch.mechanism').selectOption('vcg');
  await hp.getByTestId('host.switch').click();
  await expect(hp.getByTestId('host.phase')).toContainText('VCG');
  await hp.getByTestId('host.open').click();
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'open');
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-round', '2');
  for (const s of [s1, s2, s3]) await expect(s.getByTestId('student.phase')).toHaveAttribute('data-round', '2');
  await expect(s3.getByTestId('student.firm')).toHaveText(firm3!); // the same draw, replayed under VCG
  // Pause: the phones say so and take no bid; resume opens them again.
  await hp.getByTestId('host.pause').click();
  await expect(s1.getByTestId('student.phase')).toContainText('Paused by the instructor');
  await expect(s1.getByTestId('student.submit')).toBeDisabled();
  await hp.getByTestId('host.pause').click();
  await expect(s1.getByTestId('student.submit')).toBeEnabled();
  await s1.evaluate(() => window.scrollTo(0, 0));
  await s1.screenshot({ path: artifactPath('classroom-phone-bid.png') });
  await s1.screenshot({ path: artifactPath('classroom-phone-bid-full.png'), fullPage: true });
  await submitBid(s1, bid1);
  await s2.getByTestId('student.submit').click();
  await expect(s2.getByTestId('student.bid-status')).toHaveAttribute('data-state', 'accepted');
  await expect(hp.getByTestId('host.bids')).toHaveAttribute('data-value', '2');
  await hp.getByTestId('host.close').click();
  await hp.getByTestId('host.reveal').click();
  await expect(hp.getByTestId('host.reveal-panel')).toHaveAttribute('data-round', '2');
  await expect(hp.getByTestId('host.history')).toContainText('students · VCG');
  await expect(hp.getByTestId('host.history')).toContainText('students · Uniform price');
  await expect(s3.getByTestId('student.result.line')).toContainText('did not bid');

  // ── a reload of the projector gets the room back ──
  await hp.reload();
  await expect(hp.getByTestId('host.reveal-panel')).toHaveAttribute('data-round', '2');
  await expect(hp.getByTestId('host.roster.name').filter({ hasText: XSS })).toHaveCount(1);
  await hp.screenshot({ path: artifactPath('classroom-projector-history.png'), fullPage: true });

  // ── end: the export (CSV and JSON), kept in the run history ──
  await hp.getByTestId('host.end').click();
  await expect(hp.getByTestId('host.phase')).toHaveAttribute('data-phase', 'ended');
  await expect(hp.getByTestId('host.kept')).toContainText('Kept in the run history');
  for (const s of [s1, s2, s3]) await expect(s.getByTestId('student.phase')).toHaveAttribute('data-phase', 'ended');
  const [jsonDownload] = await Promise.all([hp.waitForEvent('download'), hp.getByTestId('host.export.json').click()]);
  const runs = JSON.parse(readFileSync((await jsonDownload.path()), 'utf8')) as {
    format: string;
    runs: { lab: string; series: { rounds: unknown[] }; snapshots: { session: { rounds: { summary: { mechanism: string }; seats: { seat: number; kind: string; name: string | null; permits: number; payment: number; profit: number }[] }[] } } }[];
  };
  expect(runs.format).toBe('auction-lab/runs');
  const session = runs.runs[0].snapshots.session;
  expect(session.rounds.map((r) => r.summary.mechanism)).toEqual(['uniform', 'vcg']);
  expect(runs.runs[0].series.rounds).toHaveLength(2);
  // Each phone showed its own seat's outcome of round 1 (2 decimals on the phone).
  for (const s of shown) {
    const rec = session.rounds[0].seats.find((x) => x.seat === s.seat)!;
    expect(rec.kind).toBe('student');
    expect(s.permits).toBeCloseTo(rec.permits, 2);
    expect(s.payment).toBeCloseTo(rec.payment, 2);
    expect(s.profit).toBeCloseTo(rec.profit, 2);
  }
  expect(session.rounds[0].seats.filter((x) => x.kind === 'ppo')).toHaveLength(2);
  expect(session.rounds[0].seats.find((x) => x.seat === shown[0].seat)!.name).toBe(XSS);
  const [csvDownload] = await Promise.all([hp.waitForEvent('download'), hp.getByTestId('host.export.csv').click()]);
  const csv = readFileSync((await csvDownload.path()), 'utf8').trim().split('\n');
  expect(csv.length).toBeGreaterThan(2 * 3);

  // The session is in the permit lab's run history (read through the restore path).
  await hp.goto(`${url}/`);
  await hp.getByTestId('lab.permit-auction').click();
  await expect
    .poll(() => hp.evaluate(() => (window as unknown as { __lab: { state(): { history: { id: string }[] } } }).__lab.state().history.map((h) => h.id)))
    .toContainEqual(expect.stringMatching(new RegExp(`^class-session-${code}-`)));

  // Nothing ran from the name, on any screen.
  for (const p of [hp, s1, s2, s3]) await expect(p.locator('img[src="x"]')).toHaveCount(0);
  for (const c of [host, ...students]) {
    expect(c.dialogs).toEqual([]);
    expect(c.errors.pageErrors).toEqual([]);
    expect(c.errors.consoleErrors.filter((m) => !RECONNECT_NOISE.test(m))).toEqual([]);
    await c.context.close();
  }
});

test('firms trained on this page fill the PPO seats: their policies go up to the server with the room', async ({ page }) => {
  test.setTimeout(120_000);
  server = await startSessionServer(test.info().outputPath('sessions'));
  const lab = new LabPage(page);
  await page.goto(`${server.url}/${presetHash('play-trained', 'permit-auction')}`);
  await lab.waitForBridge();
  for (const [k, v] of Object.entries({ auctions: 512, auctionsPerUpdate: 256, minibatch: 128, epochs: 1, evalEvery: 1, evalAuctions: 64 })) await lab.setField(k, v);
  await lab.clickRun();
  await lab.waitForRunsFinished(60_000);
  await page.getByTestId('session.start').click();
  await expect(page.getByTestId('session.policy-source')).toContainText('(this page)');
  await page.getByTestId('session.seats').fill('6');
  await page.getByTestId('session.ppo-seats').fill('4');
  await page.getByTestId('session.launcher').screenshot({ path: artifactPath('classroom-launcher.png') });
  await page.getByTestId('session.create').click();
  await expect(page.getByTestId('host.phase')).toHaveAttribute('data-phase', 'lobby');
  await expect(page.getByTestId('host.page')).toContainText('4 trained firms');
  await expect(page.getByTestId('host.page')).not.toContainText('no policies loaded');
  // The default round timer (60 s) counts down on the projector from the server's clock; pausing freezes it.
  await page.getByTestId('host.open').click();
  await expect(page.getByTestId('host.phase')).toHaveAttribute('data-phase', 'open');
  await expect(page.getByTestId('host.clock')).toHaveText(/· [01]:\d\d$/);
  await page.getByTestId('host.pause').click();
  await expect(page.getByTestId('host.phase')).toContainText('Paused');
  await expect(page.getByTestId('host.pause')).toHaveText('Resume');
});

test.describe('without the session server', () => {
  test.use({ allowConsole: /WebSocket connection to '.*\/session' failed/ });
  test('the static app says how to start the server', async ({ page }) => {
    // The default webServer of the e2e run is `vite preview` (the static app): no session endpoint.
    await page.goto('/');
    await page.getByTestId('lab.permit-auction').click();
    await page.getByTestId('session.start').click();
    await page.getByTestId('session.ppo-seats').fill('0');
    await page.getByTestId('session.create').click();
    await expect(page.getByTestId('session.unreachable')).toContainText('npm start');
    await expect(page.getByTestId('session.create')).toBeEnabled();
  });
});
