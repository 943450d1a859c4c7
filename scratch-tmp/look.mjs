import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--disable-quic','--disable-dev-shm-usage','--enable-unsafe-webgpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const errors = [];
page.on('pageerror', e => errors.push('pageerror: ' + e.message));
page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.type() + ': ' + m.text()); });
const hash = process.argv[2] ?? '';
await page.goto('http://localhost:4174/' + hash);
await page.waitForFunction(() => window.__lab);
await page.setViewportSize({ width: 1400, height: 1000 });
if (process.argv[3] !== 'norun') {
  await page.evaluate(() => window.__lab.setPace(Number(process?.env?.PACE ?? 0)) ).catch(()=>{});
  await page.click('[data-testid="run.start"]');
  await page.waitForTimeout(Number(process.argv[4] ?? 600));
  await page.screenshot({ path: 'scratch-tmp/mid.png', fullPage: true });
  await page.waitForFunction(() => window.__lab.state().runs.every(r => ['done','failed','cancelled'].includes(r.status)), null, { timeout: 120000 });
}
await page.waitForTimeout(300);
await page.screenshot({ path: 'scratch-tmp/after.png', fullPage: true });
console.log(JSON.stringify(await page.evaluate(() => { const s = window.__lab.state(); return { notices: s.notices, runs: s.runs.map(r => ({ status: r.status, backend: r.backend, rows: r.rows, final: r.final && { w: r.final.w, l2: r.final.l2ToEquilibrium, sps: r.final.stepsPerSecond }, error: r.error })) }; })));
console.log(errors.join('\n'));
await browser.close();
