import { selectPresetId } from '../../state/selectors';
import type { Preset } from '../../core/labs/types';
import { applyPreset, useLabStore } from '../../state/store';

/** The lab's built-in experiments; each is also a shareable link. */
export function PresetList({ presets }: { presets: readonly Preset[] }) {
  const presetId = useLabStore(selectPresetId);
  return (
    <section className="panel" aria-label="Presets">
      <h2>Presets</h2>
      <div className="presets">
        {presets.map((p) => (
          <button key={p.id} data-testid={`preset.${p.id}`} aria-pressed={presetId === p.id} onClick={() => applyPreset(p.id)} title={p.description}>
            <div>{p.title}</div>
          </button>
        ))}
      </div>
    </section>
  );
}
