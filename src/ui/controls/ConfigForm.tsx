import { seedField } from '../../core/config/seed';
import { selectConfig, selectFieldIssues, selectSeed } from '../../state/selectors';
import { useEffect, useState } from 'react';
import type { ConfigSchema, Field, NumberArrayField, NumberField } from '../../core/config/schema';
import { setField, setSeed, useLabStore } from '../../state/store';

/** Slider position ↔ value for log-scaled number fields. */
const toSlider = (f: NumberField, x: number) => (f.scale === 'log' ? Math.log(x) : x);
const fromSlider = (f: NumberField, s: number) => {
  const x = f.scale === 'log' ? Math.exp(s) : s;
  if (f.integer) return Math.round(x);
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(x) || 1)) - 2);
  return Math.round(x / mag) * mag;
};

function NumberControl({ name, field, value }: { name: string; field: NumberField; value: number }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const lo = toSlider(field, field.min);
  const hi = toSlider(field, field.max);
  const step = field.scale === 'log' ? (hi - lo) / 200 : (field.step ?? (field.integer ? 1 : (hi - lo) / 100));
  const id = `field-${name}`;
  return (
    <div className="row">
      <input
        type="range"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-help`}
        aria-valuetext={`${value}${field.unit ? ` ${field.unit}` : ''}`}
        data-testid={`controls.${name}`}
        min={lo}
        max={hi}
        step={step}
        value={toSlider(field, value)}
        onChange={(e) => setField(name, fromSlider(field, Number(e.target.value)))}
      />
      <input
        id={id}
        type="number"
        data-testid={`controls.${name}.input`}
        min={field.min}
        max={field.max}
        step={field.integer ? 1 : 'any'}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => setField(name, text)}
        onKeyDown={(e) => e.key === 'Enter' && setField(name, text)}
      />
    </div>
  );
}

function NumberArrayControl({ name, field, value }: { name: string; field: NumberArrayField; value: number[] }) {
  const [text, setText] = useState(value.join(', '));
  useEffect(() => setText(value.join(', ')), [value]);
  return (
    <input
      id={`field-${name}`}
      type="text"
      className="wide"
      data-testid={`controls.${name}`}
      value={text}
      aria-describedby={`field-${name}-help`}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => setField(name, text)}
      onKeyDown={(e) => e.key === 'Enter' && setField(name, text)}
      placeholder={`${field.min}–${field.max}, comma separated`}
    />
  );
}

/** Generic editor for structured fields (labs usually show a dedicated editor instead). */
function JsonControl({ name, value }: { name: string; value: unknown }) {
  const [text, setText] = useState(JSON.stringify(value));
  useEffect(() => setText(JSON.stringify(value)), [value]);
  return (
    <textarea
      id={`field-${name}`}
      data-testid={`controls.${name}`}
      rows={3}
      style={{ width: '100%', fontFamily: 'ui-monospace, monospace', fontSize: 12 }}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => setField(name, text)}
    />
  );
}

function FieldControl({ name, field, value }: { name: string; field: Field; value: unknown }) {
  switch (field.kind) {
    case 'number':
      return <NumberControl name={name} field={field} value={value as number} />;
    case 'numberArray':
      return <NumberArrayControl name={name} field={field} value={value as number[]} />;
    case 'enum':
      return (
        <select id={`field-${name}`} data-testid={`controls.${name}`} value={String(value)} onChange={(e) => setField(name, e.target.value)}>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return <input id={`field-${name}`} type="checkbox" data-testid={`controls.${name}`} checked={!!value} onChange={(e) => setField(name, e.target.checked)} />;
    case 'json':
      return <JsonControl name={name} value={value} />;
  }
}

/**
 * The config form, generated from the lab's schema table (labels, help, units, bounds), so the form, the
 * URL and the CLI always agree. `hidden` lists keys that do not apply to the current config.
 */
export function ConfigForm({ schema, hidden = [] }: { schema: ConfigSchema; hidden?: string[] }) {
  const config = useLabStore(selectConfig);
  const seed = useLabStore(selectSeed);
  const issues = useLabStore(selectFieldIssues);
  const [seedText, setSeedText] = useState(String(seed));
  useEffect(() => setSeedText(String(seed)), [seed]);
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Experiment settings">
      {Object.entries(schema)
        .filter(([k]) => !hidden.includes(k))
        .map(([key, field]) => {
          const value = config[key];
          const shown = field.kind === 'number' ? String(value) : '';
          return (
            <div className="field" key={key}>
              <label id={`field-${key}-label`} htmlFor={`field-${key}`}>
                <span>{field.label}</span>
                <span className="unit">
                  {shown}
                  {field.kind === 'number' && field.unit ? ` ${field.unit}` : ''}
                </span>
              </label>
              <FieldControl name={key} field={field} value={value} />
              <span className="help" id={`field-${key}-help`}>
                {field.help}
              </span>
              {issues[key] && (
                <span className="issue" role="alert" data-testid={`issue.${key}`}>
                  {issues[key]}
                </span>
              )}
            </div>
          );
        })}
      <div className="field">
        <label htmlFor="field-seed">
          <span>{seedField.label}</span>
          <span className="unit">same seed, same curve</span>
        </label>
        <input
          id="field-seed"
          type="number"
          min={seedField.min}
          max={seedField.max}
          step={1}
          title={seedField.help}
          data-testid="controls.seed"
          value={seedText}
          onChange={(e) => setSeedText(e.target.value)}
          onBlur={() => setSeed(seedText)}
          onKeyDown={(e) => e.key === 'Enter' && setSeed(seedText)}
        />
        {issues.seed && <span className="issue" role="alert">{issues.seed}</span>}
      </div>
    </form>
  );
}
