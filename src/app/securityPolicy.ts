/**
 * The app's Content-Security-Policy and companion security headers: the one definition that vite.config.ts
 * serves as response headers from `vite preview` (`npm start`, the e2e server) and writes into the built
 * index.html as a `<meta http-equiv>` for static hosting, and that e2e/security.spec.ts checks.
 * Not imported by the app itself.
 *
 * Trap: a worker's policy comes from the worker script's own response, not from the page. The `<meta>` alone
 * (static hosting) leaves workers unrestricted; under the headers the worker is bound by them too, so the
 * wasm backend's compile in the worker needs 'wasm-unsafe-eval' there (without it the forced wasm backend
 * fails: "Compiling or instantiating WebAssembly module violates … script-src 'self'").
 *
 * Why each source is there:
 * - `script-src 'wasm-unsafe-eval'`: compiling WebAssembly (the tfjs wasm backend) needs it; it allows no JS
 *   `eval`. Workers are same-origin module files (`new Worker(new URL(…))`) and tfjs wasm runs
 *   single-threaded, so no `blob:` worker is needed.
 * - `style-src 'self'`: CSS comes from built files only. React `style={…}` props and recharts' text
 *   measurement write styles through the CSSOM, which CSP does not govern; only `style="…"` markup and
 *   `<style>` elements would be blocked, and the built app has none.
 * - `img-src data: blob:`: the chart PNG export draws the serialised SVG from a `blob:` URL; Vite inlines
 *   small assets as `data:` URLs.
 * - `connect-src 'self'`: the wasm binaries are fetched from the app; under CSP Level 3 'self' also matches
 *   `ws:`/`wss:` to the same host and port (a same-origin session server needs nothing more).
 *
 * Sources: CSP Level 3, https://www.w3.org/TR/CSP3/ (`frame-ancestors` is not supported in `<meta>`; 'self'
 * matches `ws:`/`wss:` of the same host); WebAssembly CSP, https://github.com/WebAssembly/content-security-policy
 * ('wasm-unsafe-eval'); OWASP CSP Cheat Sheet,
 * https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html.
 */

/** Directive name → source list (empty list = a directive without sources). */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/** The policy, directive by directive. */
export const CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a `<meta>` policy cannot carry: browsers ignore them there and log a console error. */
export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

/** Serialise directives as a policy string, `name src src; name src`. */
export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The policy for the `Content-Security-Policy` response header (every directive). */
export const CSP_HEADER = serializeCsp(CSP_DIRECTIVES);

/** The policy for `<meta http-equiv="Content-Security-Policy">`: the header's, less header-only directives. */
export const CSP_META = serializeCsp(
  Object.fromEntries(Object.entries(CSP_DIRECTIVES).filter(([name]) => !HEADER_ONLY_DIRECTIVES.includes(name))),
);

/** Response headers for every file the preview server sends (`vite preview`: `npm start`, e2e). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
