// A button that copies text to the clipboard and says so for a moment. Falls back to a hidden
// textarea and execCommand where the Clipboard API is not available (non-secure origins).
import { useEffect, useState } from 'react';

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

export function CopyButton({
  text,
  label = 'Copy',
  testId,
  className = 'btn btn--small',
}: {
  text: string | (() => string);
  label?: string;
  testId?: string;
  className?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 1800);
    return () => window.clearTimeout(timer);
  }, [state]);

  return (
    <button
      type="button"
      className={className}
      onClick={(event) => {
        event.stopPropagation();
        copyText(typeof text === 'function' ? text() : text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
      data-testid={testId}
      data-state={state}
      aria-live="polite"
    >
      {state === 'copied' ? '✓ Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
