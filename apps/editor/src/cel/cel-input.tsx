// The CEL expression editor: the text highlighted as you type (a coloured copy of the text sits
// under a transparent textarea, so typing, selection and undo stay the browser's own), completion
// of the context's fields (Ctrl+Space, or on typing "."), and the type-check of @patchbay/shared
// run on each change — the same check the compiler does at deploy.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { compileExpr, type CelReturn } from '@patchbay/shared/expr';
import { celCompletions, type Completion } from './cel-completions';
import { tokenizeCel } from './cel-tokens';

export interface CelInputProps {
  readonly id: string;
  readonly value: string;
  readonly returns: CelReturn;
  readonly describedBy: string | undefined;
  readonly invalid: boolean;
  readonly onChange: (value: string) => void;
}

export function CelInput({ id, value, returns, describedBy, invalid, onChange }: CelInputProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [menu, setMenu] = useState<{ from: number; items: readonly Completion[]; active: number } | null>(
    null,
  );
  const check = useMemo(() => (value.trim() === '' ? null : compileExpr(value, returns)), [value, returns]);

  const openMenu = (text: string, cursor: number) => {
    const r = celCompletions(text, cursor);
    setMenu(r.items.length > 0 ? { ...r, active: 0 } : null);
  };

  const accept = (c: Completion) => {
    const el = area.current;
    if (!el || !menu) return;
    const cursor = el.selectionStart;
    const next = value.slice(0, menu.from) + c.insert + value.slice(cursor);
    onChange(next);
    setMenu(null);
    const at = menu.from + c.insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      openMenu(value, e.currentTarget.selectionStart);
      return;
    }
    if (!menu) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setMenu({ ...menu, active: (menu.active + step + menu.items.length) % menu.items.length });
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      const chosen = menu.items[menu.active];
      if (chosen) {
        e.preventDefault();
        accept(chosen);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setMenu(null);
    }
  };

  return (
    <div className={`cel${invalid || (check && !check.ok) ? ' cel--invalid' : ''}`}>
      <div className="cel__box">
        <pre className="cel__highlight" aria-hidden="true">
          {tokenizeCel(value).map((t, i) => (
            <span key={i} className={`cel-tok cel-tok--${t.kind}`}>
              {t.text}
            </span>
          ))}
          {'\n'}
        </pre>
        <textarea
          ref={area}
          id={id}
          className="cel__text"
          rows={2}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-invalid={invalid || (check !== null && !check.ok)}
          aria-describedby={describedBy}
          aria-autocomplete="list"
          data-returns={returns}
          data-testid="cel-input"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            const cursor = e.target.selectionStart;
            const typed = e.target.value[cursor - 1];
            if (typed === '.' || (menu && typed !== undefined && /[A-Za-z0-9_]/.test(typed)))
              openMenu(e.target.value, cursor);
            else setMenu(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setMenu(null)}
        />
      </div>
      {menu && (
        <ul className="cel__menu" role="listbox" data-testid="cel-completions">
          {menu.items.map((c, i) => (
            <li
              key={c.insert}
              role="option"
              aria-selected={i === menu.active}
              className={i === menu.active ? 'cel__option cel__option--active' : 'cel__option'}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(c);
              }}
            >
              <code>{c.insert}</code>
              <span className="cel__detail">{c.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="cel__status" data-testid="cel-status">
        {check === null
          ? `Ctrl+Space for fields · gives ${returns === 'any' ? 'a value' : returns}`
          : check.ok
            ? `✓ ${check.type}`
            : check.message}
      </p>
    </div>
  );
}
