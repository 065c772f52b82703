// One input per field KIND (never per node type): the inspector renders whatever fields a node
// type declares with these. A new kind in shared/nodes/fields.ts is the only reason to add one.
import { useId } from 'react';
import type { FieldDef, MethodsField } from '@patchbay/shared/nodes';

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
    case 'methods':
      return null;
  }
}

/** The number typed, or undefined for an empty box so the default (or "required") applies. */
function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function placeholderOf(field: FieldDef): string | undefined {
  if (field.placeholder) return field.placeholder;
  if (field.default !== undefined && field.kind !== 'methods') return `${field.default} (default)`;
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
