import { useShallow } from 'zustand/react/shallow';
import { currentRuns } from '../../state/selectors';
import { setBackend, useLabStore, type BackendRequest } from '../../state/store';

const OPTIONS: { value: BackendRequest; label: string }[] = [
  { value: 'auto', label: 'Auto (fastest for the job)' },
  { value: 'simd', label: 'WebAssembly SIMD kernels (neural bids, PPO: permit training, carbon, all-pay)' },
  { value: 'ts', label: 'Plain TypeScript (linear and neural bids, PPO)' },
  { value: 'wasm', label: 'tfjs WASM' },
  { value: 'webgl', label: 'tfjs WebGL' },
  { value: 'webgpu', label: 'tfjs WebGPU' },
  { value: 'cpu', label: 'tfjs CPU' },
];

/** The backend chip (what the latest run got, and why) and the picker to force one. */
export function BackendChip() {
  const run = useLabStore(useShallow((s) => currentRuns(s).find((r) => r.backendReason) ?? null));
  return (
    <span className="chip" data-testid="backend.chip" data-backend={run?.backend ?? ''} title={run?.backendReason ?? 'Chosen when a run starts'}>
      backend <b>{run?.backend ?? 'not started'}</b>
      {run?.backendReason && <span>· {run.backendReason}</span>}
    </span>
  );
}

export function BackendPicker() {
  const backend = useLabStore((s) => s.backend);
  return (
    <div className="field">
      <label htmlFor="backend">
        <span>Compute backend</span>
      </label>
      <select id="backend" data-testid="controls.backend" value={backend} onChange={(e) => setBackend(e.target.value as BackendRequest)}>
        {OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
