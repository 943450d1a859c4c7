import { useEffect, useState } from 'react';

/**
 * A number cell that keeps what the user typed until it is committed (blur or Enter), so an invalid entry is
 * never lost: the lab reports the problem and the text stays for correction.
 */
export function NumberCell({ value, onCommit, label, testId, step = 'any' }: { value: number; onCommit: (x: string) => void; label: string; testId: string; step?: string }) {
  const [text, setText] = useState(String(round(value)));
  useEffect(() => setText(String(round(value))), [value]);
  return (
    <input
      type="number"
      step={step}
      aria-label={label}
      data-testid={testId}
      value={text}
      style={{ width: 68 }}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => onCommit(text)}
      onKeyDown={(e) => e.key === 'Enter' && onCommit(text)}
    />
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
