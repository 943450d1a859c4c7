/**
 * Console hygiene for the CLI entries: stdout is reserved for results (the lab's last JSON line, bench JSON
 * lines), so library logging is routed to stderr, and tfjs-backend-cpu's "install our node backend" banner
 * (tfjs-node's native binary cannot be installed on the machines this runs on, so it is never used) is dropped.
 */
export function routeConsoleToStderr(): void {
  const error = console.error.bind(console);
  const warn = console.warn.bind(console);
  console.log = error;
  console.info = error;
  console.debug = error;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('install our node backend')) return;
    warn(...args);
  };
}
