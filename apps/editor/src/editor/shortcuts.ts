// The editor's keyboard shortcuts, as data: the key handler and the help overlay (`?`) read the
// same list, so the overlay never lists a shortcut that does not work.
export type ShortcutAction =
  | 'save'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'select-all'
  | 'layout'
  | 'fit'
  | 'help';

export interface Shortcut {
  readonly action: ShortcutAction;
  /** As shown to the user; "Mod" is Ctrl (⌘ on a Mac). */
  readonly keys: readonly string[];
  readonly description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'save', keys: ['Mod+S'], description: 'Save' },
  { action: 'undo', keys: ['Mod+Z'], description: 'Undo' },
  { action: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], description: 'Redo' },
  { action: 'copy', keys: ['Mod+C'], description: 'Copy the selected nodes' },
  { action: 'cut', keys: ['Mod+X'], description: 'Cut the selected nodes' },
  { action: 'paste', keys: ['Mod+V'], description: 'Paste' },
  { action: 'duplicate', keys: ['Mod+D'], description: 'Duplicate the selected nodes' },
  { action: 'select-all', keys: ['Mod+A'], description: 'Select every node' },
  { action: 'layout', keys: ['L'], description: 'Arrange the flow automatically' },
  { action: 'fit', keys: ['F'], description: 'Fit the flow in view' },
  { action: 'help', keys: ['?'], description: 'Show these shortcuts' },
];

/** Gestures React Flow handles itself, listed in the overlay too. */
export const GESTURES: readonly { keys: string; description: string }[] = [
  { keys: 'Delete / Backspace', description: 'Delete the selected nodes and edges' },
  { keys: 'Shift+drag', description: 'Select the nodes in an area' },
  { keys: 'Mod+click', description: 'Add a node to the selection' },
  { keys: 'Arrow keys', description: 'Move the selected nodes' },
  { keys: 'Scroll / pinch', description: 'Zoom; drag the background to pan' },
  { keys: 'Double-click a palette item', description: 'Add that node in the middle of the view' },
];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** The action a key press asks for, or null. */
export function matchShortcut(event: KeyLike): ShortcutAction | null {
  if (event.altKey) return null;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (event.key === '?') return 'help';
  if (mod) {
    switch (key) {
      case 's':
        return 'save';
      case 'z':
        return event.shiftKey ? 'redo' : 'undo';
      case 'y':
        return 'redo';
      case 'c':
        return event.shiftKey ? null : 'copy';
      case 'x':
        return 'cut';
      case 'v':
        return 'paste';
      case 'd':
        return 'duplicate';
      case 'a':
        return 'select-all';
      default:
        return null;
    }
  }
  if (event.shiftKey) return null;
  if (key === 'l') return 'layout';
  if (key === 'f') return 'fit';
  return null;
}

/** Whether the key press is meant for a text field (then only Save applies). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.cm-editor') !== null;
}

export function formatKeys(keys: string, mac: boolean): string {
  return keys.replace(/Mod/g, mac ? '⌘' : 'Ctrl');
}
