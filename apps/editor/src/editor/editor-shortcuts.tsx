// Installs the editor's keyboard shortcuts (see shortcuts.ts) and shows the help overlay (`?`).
import { useEffect, useRef } from 'react';
import { formatKeys, GESTURES, isTyping, matchShortcut, SHORTCUTS, type ShortcutAction } from './shortcuts';
import type { EditorCommands } from './editor-commands';

export function useEditorShortcuts(
  commands: EditorCommands,
  saveNow: () => Promise<boolean>,
  toggleHelp: () => void,
): void {
  const latest = useRef({ commands, saveNow, toggleHelp });
  latest.current = { commands, saveNow, toggleHelp };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = matchShortcut(event);
      if (!action) return;
      // In a text field only Save applies; copy, paste, undo… are the field's own.
      if (action !== 'save' && isTyping(event.target)) return;
      // A dialog (the help overlay) takes its own keys.
      if (action !== 'help' && document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const { commands: c, saveNow: save, toggleHelp: help } = latest.current;
      const run: Record<ShortcutAction, () => unknown> = {
        save: () => void save(),
        undo: c.undo,
        redo: c.redo,
        copy: c.copy,
        cut: c.cut,
        paste: c.paste,
        duplicate: c.duplicate,
        'select-all': c.selectAll,
        layout: c.layout,
        fit: c.fit,
        help,
      };
      event.preventDefault();
      run[action]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      previous?.focus();
    };
  }, [onClose]);

  return (
    <div className="overlay" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClick={(e) => e.stopPropagation()}
        data-testid="shortcuts-help"
      >
        <div className="dialog__head">
          <h2 id="shortcuts-title" className="dialog__title">
            Keyboard shortcuts
          </h2>
          <button
            ref={close}
            type="button"
            className="btn btn--ghost btn--small"
            onClick={onClose}
            aria-label="Close"
          >
            ✕
          </button>
        </div>
        <div className="dialog__body shortcuts">
          <table className="shortcuts__table">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.action} data-testid="shortcut" data-action={s.action}>
                  <td className="shortcuts__keys">
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd>{formatKeys(k, mac)}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{s.description}</td>
                </tr>
              ))}
              {GESTURES.map((g) => (
                <tr key={g.keys}>
                  <td className="shortcuts__keys">
                    <kbd>{formatKeys(g.keys, mac)}</kbd>
                  </td>
                  <td>{g.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
