import { useEffect, useState } from 'react';

/**
 * A number cell that keeps what the user typed until it is committed (blur or Enter), so an invalid entry is
 * never lost: the lab reports the problem and the text stays for correction. Leaving a cell without editing
 * it commits nothing (the shown value is rounded; committing it would quietly change the data).
 */
export function NumberCell({
  value, onCommit, label, testId, step = 'any', alwaysCommit = false,
}: {
  value: number;
  onCommit: (x: string) => void;
  label: string;
  testId: string;
  step?: string;
  /** Commit even an unchanged value (while the table has an open problem, so a correction clears it). */
  alwaysCommit?: boolean;
}) {
  const [text, setText] = useState(String(round(value)));
  const changed = () => alwaysCommit || text !== String(round(value));
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
      onBlur={() => changed() && onCommit(text)}
      onKeyDown={(e) => e.key === 'Enter' && changed() && onCommit(text)}
    />
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
