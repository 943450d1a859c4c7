import { useState } from 'react';
import { experimentLink } from '../../state/urlSync';

/** Copies the link that reproduces the current experiment (lab, config, seed, schema version). */
export function CopyLinkButton() {
  const [copied, setCopied] = useState<'idle' | 'ok' | 'manual'>('idle');
  const copy = async () => {
    const link = experimentLink();
    try {
      await navigator.clipboard.writeText(link);
      setCopied('ok');
    } catch {
      window.prompt('Copy this link:', link);
      setCopied('manual');
    }
    setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <button data-testid="link.copy" onClick={copy} aria-live="polite">
      {copied === 'ok' ? 'Link copied ✓' : 'Copy link'}
    </button>
  );
}
