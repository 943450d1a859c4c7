import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the file picker for one JSON file and hands the chosen file to `onFile` (the input is
 * cleared after each pick, so choosing the same file again fires again). `testId` names the button; the hidden
 * input is `${testId}.file` (what e2e specs `setInputFiles` on).
 */
export function FileButton({ children, onFile, testId, title }: { children: ReactNode; onFile: (f: File) => void; testId: string; title?: string }) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => ref.current?.click()} data-testid={testId} title={title}>
        {children}
      </button>
      <input
        ref={ref}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid={`${testId}.file`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          e.target.value = '';
        }}
      />
    </>
  );
}
