/**
 * The `test` every spec imports: Playwright's, with one addition. Every page of the test's browser context (the
 * `page` fixture, `context.newPage()`, popups) records uncaught page errors and console errors from the moment it
 * opens, and the test fails at teardown if any appeared, listing them. Specs need not remember to check.
 *
 * A test that expects console errors (e.g. a blocked request it provokes on purpose) lists them:
 * `test.use({ allowConsole: /Refused to connect|net::ERR_FAILED/ })` in a file or a `test.describe` (one pattern:
 * Playwright reads an array option as a `[value, options]` pair). Page errors (uncaught
 * exceptions) are never allowed.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { watchPageErrors, type PageErrors } from './launch.ts';

/** Options of the error check (set with `test.use`). */
export interface PageErrorOptions {
  /** Console errors matching this are expected and do not fail the test (default: none). */
  allowConsole: RegExp | null;
}

/** The errors a test's pages logged that it did not allow: uncaught page errors and unlisted console errors. */
export function unexpectedErrors(recorded: readonly PageErrors[], allowConsole: RegExp | readonly RegExp[] | null): string[] {
  const allowed = allowConsole === null ? [] : allowConsole instanceof RegExp ? [allowConsole] : allowConsole;
  return recorded.flatMap((r) => [...r.pageErrors, ...r.consoleErrors.filter((m) => !allowed.some((re) => re.test(m)))]);
}

export const test = base.extend<PageErrorOptions>({
  allowConsole: [null, { option: true }],
  context: async ({ context, allowConsole }, use) => {
    const recorded: PageErrors[] = [];
    const watch = (page: Page) => recorded.push(watchPageErrors(page));
    for (const page of context.pages()) watch(page);
    context.on('page', watch);
    await use(context);
    const errors = unexpectedErrors(recorded, allowConsole);
    expect(errors, `the test's pages logged errors:\n${errors.join('\n')}`).toEqual([]);
  },
});

export { expect };
