/**
 * Which class-session page a URL opens, if any. Students: `?join=CODE` (the join link and QR code) or
 * `#session=CODE` (the form the protocol README names); the instructor's projector page: `?host=CODE`. Anything
 * else opens the lab. The code is only read here; the page checks it (`roomCodeOf`) and says when it cannot be one.
 */
export type SessionRoute = { page: 'student'; code: string } | { page: 'host'; code: string };

export function sessionRouteOf(loc: Pick<Location, 'search' | 'hash'>): SessionRoute | null {
  const query = new URLSearchParams(loc.search);
  const join = query.get('join');
  if (join !== null) return { page: 'student', code: join };
  const host = query.get('host');
  if (host !== null) return { page: 'host', code: host };
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const session = hash.get('session');
  if (session !== null) return { page: 'student', code: session };
  return null;
}

/** The join link students open (and the QR code holds): the app's own address with `?join=CODE`. */
export function joinLink(code: string, loc: Pick<Location, 'origin' | 'pathname'> = location): string {
  return `${loc.origin}${loc.pathname}?join=${encodeURIComponent(code)}`;
}

/** The instructor's projector page of room `code`. */
export function hostLink(code: string, loc: Pick<Location, 'origin' | 'pathname'> = location): string {
  return `${loc.origin}${loc.pathname}?host=${encodeURIComponent(code)}`;
}
