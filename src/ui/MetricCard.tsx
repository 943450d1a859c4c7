/** A key-figure card: a small label `k`, the value `v` and an optional note `t` (theory, units, what counts as good). */
export function MetricCard({ k, v, t, testId }: { k: string; v: string; t?: string; testId?: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="k">{k}</div>
      <div className="v">{v}</div>
      {t && <div className="t">{t}</div>}
    </div>
  );
}
