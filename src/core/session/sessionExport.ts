import { csvRow } from '../format/csv';
import type { SessionExport } from './protocol';
import type { Room } from './room';

/**
 * The whole session as data: settings, seed and, for every closed round, every seat's type, bid and outcome.
 * Seats that sat a round out (students without a bid, PPO seats without policies) have `bid: null` and win nothing.
 */
export function sessionExport(room: Room): SessionExport {
  const rounds = room.rounds
    .filter((r) => r.clearing !== null)
    .map((r) => {
      const c = r.clearing!;
      const index = new Map(c.firms.map((m, j) => [m.seat, j]));
      return {
        summary: r.summary!,
        openedAt: r.openedAt ?? r.closedAt!,
        closedAt: r.closedAt!,
        seats: r.firms.map((f, seat) => {
          const j = index.get(seat);
          const kind = seat < room.studentSeats ? ('student' as const) : ('ppo' as const);
          const alone = j === undefined ? null : c.alone[j];
          return {
            seat,
            kind,
            name: kind === 'student' ? (room.students[seat]?.name ?? null) : null,
            c: f.c,
            e: f.e,
            bid: j === undefined ? null : [...c.firms[j].bid],
            permits: j === undefined ? 0 : c.outcome.allocation[j],
            payment: j === undefined ? 0 : c.outcome.payments[j],
            profit: j === undefined ? 0 : c.outcome.profits[j],
            truthfulProfit: alone ? alone.profit : null,
          };
        }),
      };
    });
  return { format: 'auction-lab/classroom-session', version: 1, code: room.code, createdAt: room.createdAt, settings: room.settings, seed: room.seed, rounds };
}

/** CSV columns of `sessionCsv`, one row per (round, seat). */
export const SESSION_CSV_COLUMNS = [
  'round', 'drawIndex', 'mechanism', 'seat', 'kind', 'name', 'c', 'e', 'pH', 'qH', 'pL', 'qL',
  'permits', 'payment', 'profit', 'truthfulProfit', 'clearingPrice', 'revenue', 'efficiency', 'driHumans', 'driPpo',
] as const;

/** The export as CSV (RFC 4180, formula-safe cells: `format/csv.ts`); empty cells where a seat did not bid. */
export function sessionCsv(s: SessionExport): string {
  const lines = [SESSION_CSV_COLUMNS.join(',')];
  for (const r of s.rounds) {
    const m = r.summary;
    for (const seat of r.seats) {
      const b = seat.bid ?? ['', '', '', ''];
      lines.push(
        csvRow([
          m.round, m.drawIndex, m.mechanism, seat.seat, seat.kind, seat.name ?? '', seat.c, seat.e, b[0], b[1], b[2], b[3],
          seat.permits, seat.payment, seat.profit, seat.truthfulProfit ?? '', m.clearingPrice, m.revenue, m.efficiency, m.dri.humans ?? '', m.dri.ppo ?? '',
        ]),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}
