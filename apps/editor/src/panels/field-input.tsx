// One input per field KIND (never per node type): the inspector renders whatever fields a node
// type declares with these. A new kind in shared/nodes/fields.ts is the only reason to add one.
import { useId } from 'react';
import { CelInput } from '../cel/cel-input';
import type {
  FieldDef,
  KeyValueField,
  MethodsField,
  RuleColumn,
  RulesField,
  StringListField,
} from '@patchbay/shared/nodes';

export interface FieldInputProps {
  readonly name: string;
  readonly field: FieldDef;
  /** As stored in the node's params; undefined when unset (the default applies). */
  readonly value: unknown;
  /** Messages of the compiler for this field, already worded for display. */
  readonly problems: readonly string[];
  /** undefined unsets the param. */
  readonly onChange: (value: unknown) => void;
}

export function FieldInput(props: FieldInputProps) {
  const { name, field, problems } = props;
  const id = useId();
  const hintId = `${id}-hint`;
  const invalid = problems.length > 0;
  const described = field.help || invalid ? hintId : undefined;

  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`} data-field={name}>
      {field.kind === 'methods' ? (
        <MethodsInput {...props} field={field} labelId={id} describedBy={described} />
      ) : field.kind === 'key-value' ? (
        <KeyValueInput {...props} field={field} labelId={id} describedBy={described} />
      ) : field.kind === 'rules' ? (
        <RulesInput {...props} field={field} labelId={id} describedBy={described} />
      ) : (
        <>
          <label className="field__label" htmlFor={id}>
            {field.label}
            {field.default === undefined && <span className="field__required"> required</span>}
          </label>
          <ScalarInput {...props} inputId={id} describedBy={described} invalid={invalid} />
        </>
      )}
      <div id={hintId}>
        {problems.map((p, n) => (
          <p key={n} className="field__error" data-testid={`field-error-${name}`}>
            {p}
          </p>
        ))}
        {field.help && <p className="field__hint">{field.help}</p>}
      </div>
    </div>
  );
}

interface ScalarProps extends FieldInputProps {
  readonly inputId: string;
  readonly describedBy: string | undefined;
  readonly invalid: boolean;
}

function ScalarInput({ name, field, value, onChange, inputId, describedBy, invalid }: ScalarProps) {
  const common = {
    id: inputId,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    'data-testid': `field-${name}`,
    placeholder: placeholderOf(field),
  };
  switch (field.kind) {
    case 'number':
      return (
        <input
          {...common}
          className="input"
          type="number"
          inputMode="numeric"
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : 'any'}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(parseNumber(e.target.value))}
        />
      );
    case 'sip-uri':
      return (
        <input
          {...common}
          className="input input--mono"
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
          // An empty URI means "not set": the compiler then says it is required.
          onChange={(e) => onChange(e.target.value.trim() === '' ? undefined : e.target.value)}
        />
      );
    case 'text':
      return (
        <input
          {...common}
          className="input"
          type="text"
          maxLength={field.maxLength}
          value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'cel':
      return (
        <CelInput
          id={inputId}
          value={typeof value === 'string' ? value : ''}
          returns={field.returns}
          describedBy={describedBy}
          invalid={invalid}
          onChange={(text) => onChange(text.trim() === '' ? undefined : text)}
        />
      );
    case 'enum':
      return (
        <select
          {...common}
          className="input"
          value={typeof value === 'string' ? value : (field.default ?? '')}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        >
          {field.default === undefined && <option value="">—</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <input
          {...common}
          type="checkbox"
          checked={typeof value === 'boolean' ? value : (field.default ?? false)}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'string-list':
      return <StringListInput field={field} value={value} onChange={onChange} common={common} />;
    case 'methods':
    case 'key-value':
    case 'rules':
      return null;
  }
}

/** One entry per line. */
function StringListInput({
  field,
  value,
  onChange,
  common,
}: {
  field: StringListField;
  value: unknown;
  onChange: (v: unknown) => void;
  common: Record<string, unknown>;
}) {
  const list = Array.isArray(value) ? value.map(String) : [...(field.default ?? [])];
  return (
    <textarea
      {...common}
      className={`input${field.item === 'text' ? '' : ' input--mono'}`}
      rows={Math.max(2, list.length + 1)}
      spellCheck={false}
      autoComplete="off"
      placeholder={field.placeholder ?? 'one per line'}
      value={list.join('\n')}
      onChange={(e) => {
        const lines = e.target.value.split('\n');
        // Keep a trailing empty line while typing; drop empty lines elsewhere.
        const items = lines.filter((l, i) => l.trim() !== '' || i === lines.length - 1).map((l) => l.trim());
        const clean = items.filter((l) => l !== '');
        onChange(clean.length === 0 && field.default !== undefined ? undefined : clean);
      }}
    />
  );
}

interface ListProps<F extends FieldDef> extends FieldInputProps {
  readonly field: F;
  readonly labelId: string;
  readonly describedBy: string | undefined;
}

function KeyValueInput({ name, field, value, onChange, labelId, describedBy }: ListProps<KeyValueField>) {
  const rows: Array<{ key: string; value: string }> = Array.isArray(value)
    ? value.map((r) => ({
        key: String((r as { key?: unknown }).key ?? ''),
        value: String((r as { value?: unknown }).value ?? ''),
      }))
    : (field.default ?? []).map((r) => ({ ...r }));
  const update = (next: Array<{ key: string; value: string }>) => onChange(next);
  return (
    <fieldset className="kv" aria-describedby={describedBy} data-testid={`field-${name}`}>
      <legend className="field__label" id={labelId}>
        {field.label}
      </legend>
      {rows.map((row, i) => (
        <div key={i} className="kv__row">
          <input
            className="input"
            aria-label={`${field.keyLabel} ${i + 1}`}
            data-testid={`field-${name}-${i}-key`}
            value={row.key}
            onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
          />
          <input
            className={`input${field.valueKind === 'cel' ? ' input--mono' : ''}`}
            aria-label={`${field.valueLabel} ${i + 1}`}
            data-testid={`field-${name}-${i}-value`}
            value={row.value}
            spellCheck={false}
            onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))}
          />
          <button
            type="button"
            className="button button--small"
            aria-label={`Remove row ${i + 1}`}
            onClick={() => update(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        data-testid={`field-${name}-add`}
        onClick={() => update([...rows, { key: '', value: '' }])}
      >
        Add {field.keyLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}

function RulesInput({ name, field, value, onChange, labelId, describedBy }: ListProps<RulesField>) {
  const columns = Object.entries(field.columns);
  const rows: Array<Record<string, unknown>> = Array.isArray(value)
    ? value.map((r) => ({ ...(r as Record<string, unknown>) }))
    : (field.default ?? []).map((r) => ({ ...r }));
  const blank = (): Record<string, unknown> =>
    Object.fromEntries(columns.filter(([, c]) => c.kind !== 'number').map(([k]) => [k, '']));
  const cell = (c: RuleColumn, v: unknown): unknown =>
    c.kind === 'number' ? (v === '' ? undefined : Number(v)) : v;
  return (
    <fieldset className="rules" aria-describedby={describedBy} data-testid={`field-${name}`}>
      <legend className="field__label" id={labelId}>
        {field.label}
      </legend>
      <table className="rules__table">
        <thead>
          <tr>
            {columns.map(([k, c]) => (
              <th key={k} title={c.help}>
                {c.label}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map(([k, c]) => (
                <td key={k}>
                  <input
                    className={`input${c.kind === 'cel' || c.kind === 'regex' ? ' input--mono' : ''}`}
                    type={c.kind === 'number' ? 'number' : 'text'}
                    aria-label={`${c.label} ${i + 1}`}
                    data-testid={`field-${name}-${i}-${k}`}
                    spellCheck={false}
                    value={row[k] === undefined ? '' : String(row[k])}
                    onChange={(e) =>
                      onChange(rows.map((r, j) => (j === i ? { ...r, [k]: cell(c, e.target.value) } : r)))
                    }
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Remove rule ${i + 1}`}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button--small"
        data-testid={`field-${name}-add`}
        onClick={() => onChange([...rows, blank()])}
      >
        Add row
      </button>
    </fieldset>
  );
}

/** The number typed, or undefined for an empty box so the default (or "required") applies. */
function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function placeholderOf(field: FieldDef): string | undefined {
  if (field.placeholder) return field.placeholder;
  if (
    field.default !== undefined &&
    (field.kind === 'text' || field.kind === 'number' || field.kind === 'sip-uri' || field.kind === 'cel')
  )
    return `${field.default} (default)`;
  return undefined;
}

interface MethodsProps extends FieldInputProps {
  readonly field: MethodsField;
  readonly labelId: string;
  readonly describedBy: string | undefined;
}

function MethodsInput({ name, field, value, onChange, labelId, describedBy }: MethodsProps) {
  const chosen = Array.isArray(value) ? value.map(String) : [...(field.default ?? [])];
  // Methods in the document that the checkboxes do not offer stay visible and removable.
  const offered = [...field.options, ...chosen.filter((m) => !field.options.includes(m))];

  function toggle(method: string, on: boolean) {
    const next = on ? [...chosen, method] : chosen.filter((m) => m !== method);
    onChange(offered.filter((m) => next.includes(m)));
  }

  return (
    <fieldset className="methods" aria-describedby={describedBy} data-testid={`field-${name}`}>
      <legend className="field__label" id={labelId}>
        {field.label}
      </legend>
      <div className="methods__options">
        {offered.map((method) => (
          <label key={method} className={`chip-check${chosen.includes(method) ? ' chip-check--on' : ''}`}>
            <input
              type="checkbox"
              checked={chosen.includes(method)}
              onChange={(e) => toggle(method, e.target.checked)}
              data-testid={`field-${name}-${method}`}
            />
            {method}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
