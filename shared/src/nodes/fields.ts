// Field descriptors: plain, JSON-serialisable data that drives three things at once — the zod
// validator the compiler runs, the inspector form the editor renders (one input per field kind),
// and the node-type catalogue served at GET /api/node-types.
import { z } from 'zod';
import type { CelReturn } from '../expr/cel-env';
import { isSipUri } from '../sip-uri/parse-sip-uri-lite';

interface FieldCommon {
  readonly label: string;
  readonly help?: string;
  readonly placeholder?: string;
}

export interface TextField extends FieldCommon {
  readonly kind: 'text';
  readonly default?: string;
  readonly maxLength?: number;
}

export interface NumberField extends FieldCommon {
  readonly kind: 'number';
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export interface SipUriField extends FieldCommon {
  readonly kind: 'sip-uri';
  readonly default?: string;
}

export interface MethodsField extends FieldCommon {
  readonly kind: 'methods';
  readonly default?: readonly string[];
  /** Methods offered as checkboxes; any RFC 3261 token is accepted. */
  readonly options: readonly string[];
}

/** A CEL expression (see shared/src/expr/cel-env.ts), type-checked by the compiler. */
export interface CelField extends FieldCommon {
  readonly kind: 'cel';
  readonly returns: CelReturn;
  readonly default?: string;
}

/** One of a fixed set of values (a select box). */
export interface EnumField extends FieldCommon {
  readonly kind: 'enum';
  readonly options: readonly string[];
  readonly default?: string;
}

export interface BooleanField extends FieldCommon {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

/** An ordered list of strings, each checked as `item` says. */
export interface StringListField extends FieldCommon {
  readonly kind: 'string-list';
  readonly item: 'text' | 'sip-uri' | 'cidr';
  readonly default?: readonly string[];
  readonly minItems?: number;
}

/** An ordered list of name → value pairs (headers, variable mappings). */
export interface KeyValueField extends FieldCommon {
  readonly kind: 'key-value';
  readonly keyLabel: string;
  readonly valueLabel: string;
  /** 'cel': each value is an expression (type any), checked by the compiler. */
  readonly valueKind: 'text' | 'cel';
  /** 'header': keys must be header-name tokens. */
  readonly keyKind?: 'text' | 'header';
  readonly default?: readonly KeyValue[];
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** A column of a rules table. */
export interface RuleColumn {
  readonly label: string;
  readonly kind: 'text' | 'number' | 'regex' | 'cel' | 'port';
  /** For 'cel' columns. */
  readonly returns?: CelReturn;
  /** An empty cell is allowed (text '' / number absent). */
  readonly optional?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly help?: string;
}

/** An ordered table of rules; every row has the same columns. */
export interface RulesField<
  C extends Record<string, RuleColumn> = Record<string, RuleColumn>,
> extends FieldCommon {
  readonly kind: 'rules';
  readonly columns: C;
  readonly default?: readonly RuleRow<C>[];
  readonly minRows?: number;
}

export type RuleCell<C extends RuleColumn> = C['kind'] extends 'number' ? number : string;
export type RuleRow<C extends Record<string, RuleColumn>> = {
  readonly [K in keyof C]: RuleCell<C[K]>;
};

export type FieldDef =
  | TextField
  | NumberField
  | SipUriField
  | MethodsField
  | CelField
  | EnumField
  | BooleanField
  | StringListField
  | KeyValueField
  | RulesField;
export type FieldKind = FieldDef['kind'];

/** The value a field holds once validated (defaults applied). */
export type FieldValue<F extends FieldDef> = F extends NumberField
  ? number
  : F extends MethodsField | StringListField
    ? string[]
    : F extends BooleanField
      ? boolean
      : F extends KeyValueField
        ? KeyValue[]
        : F extends RulesField<infer C>
          ? Array<RuleRow<C>>
          : string;

// RFC 3261 §25.1: Method = INVITEm / ACKm / … / extension-method; extension-method = token
const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

export const field = {
  text: (def: Omit<TextField, 'kind'>): TextField => ({ kind: 'text', ...def }),
  number: (def: Omit<NumberField, 'kind'>): NumberField => ({ kind: 'number', ...def }),
  sipUri: (def: Omit<SipUriField, 'kind'>): SipUriField => ({ kind: 'sip-uri', ...def }),
  methods: (def: Omit<MethodsField, 'kind'>): MethodsField => ({ kind: 'methods', ...def }),
  cel: (def: Omit<CelField, 'kind'>): CelField => ({ kind: 'cel', ...def }),
  enum: <const O extends readonly string[]>(
    def: Omit<EnumField, 'kind' | 'options'> & { options: O },
  ): EnumField => ({ kind: 'enum', ...def }),
  boolean: (def: Omit<BooleanField, 'kind'>): BooleanField => ({ kind: 'boolean', ...def }),
  stringList: (def: Omit<StringListField, 'kind'>): StringListField => ({ kind: 'string-list', ...def }),
  keyValue: (def: Omit<KeyValueField, 'kind'>): KeyValueField => ({ kind: 'key-value', ...def }),
  rules: <const C extends Record<string, RuleColumn>>(def: Omit<RulesField<C>, 'kind'>): RulesField<C> => ({
    kind: 'rules',
    ...def,
  }),
};

// RFC 3261 §25.1: header-name = token
const HEADER_RE = TOKEN_RE;
const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$|^[0-9a-fA-F:]+(\/\d{1,3})?$/;
/** Port names are kebab-case, like the fixed ones. */
export const PORT_NAME_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function isCidr(text: string): boolean {
  const m = CIDR_RE.exec(text);
  if (!m) return false;
  if (m[1] === undefined) return text.includes(':');
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  return octets.every((o) => o <= 255) && (m[6] === undefined || Number(m[6]) <= 32);
}

export function isRegex(text: string): boolean {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

function columnSchema(c: RuleColumn): z.ZodType {
  switch (c.kind) {
    case 'number': {
      let s = z.number({ error: `${c.label} must be a number` });
      if (c.min !== undefined) s = s.min(c.min, `${c.label} must be ${c.min} or more`);
      if (c.max !== undefined) s = s.max(c.max, `${c.label} must be ${c.max} or less`);
      return c.optional ? s.optional() : s;
    }
    case 'regex':
      return z.string().refine(isRegex, { message: `${c.label} is not a valid regular expression` });
    case 'port':
      return z.string().regex(PORT_NAME_RE, `${c.label} must be kebab-case (a-z, 0-9, -)`);
    case 'cel':
      return c.optional ? z.string() : z.string().min(1, `${c.label} is required`);
    case 'text':
      return c.optional ? z.string().default('') : z.string().min(1, `${c.label} is required`);
  }
}

/** zod validator for one field; a field without a default is required. */
export function fieldSchema(def: FieldDef): z.ZodType {
  switch (def.kind) {
    case 'text': {
      let s = z.string({ error: 'must be text' });
      if (def.maxLength !== undefined) s = s.max(def.maxLength, `at most ${def.maxLength} characters`);
      return def.default === undefined ? s : s.default(def.default);
    }
    case 'number': {
      let s = z.number({ error: 'must be a number' });
      if (def.integer) s = s.int('must be a whole number');
      if (def.min !== undefined) s = s.min(def.min, `must be ${def.min} or more`);
      if (def.max !== undefined) s = s.max(def.max, `must be ${def.max} or less`);
      return def.default === undefined ? s : s.default(def.default);
    }
    case 'sip-uri': {
      // A default of '' makes the URI optional ('' = not given).
      const s = z
        .string({ error: 'must be a SIP URI' })
        .refine((v) => (v === '' && def.default === '') || isSipUri(v), {
          message: 'must be a SIP URI such as sip:host:5060 or sip:user@host',
        });
      return def.default === undefined ? s : s.default(def.default);
    }
    case 'methods': {
      const s = z
        .array(z.string().regex(TOKEN_RE, 'is not a SIP method token'), {
          error: 'must be a list of methods',
        })
        .min(1, 'choose at least one method');
      return def.default === undefined ? s : s.default([...def.default]);
    }
    case 'cel': {
      const s = z.string({ error: 'must be an expression' }).min(1, 'is required');
      return def.default === undefined ? s : s.default(def.default);
    }
    case 'enum': {
      const s = z.enum(def.options as [string, ...string[]], {
        error: `must be one of ${def.options.join(', ')}`,
      });
      return def.default === undefined ? s : s.default(def.default);
    }
    case 'boolean': {
      const s = z.boolean({ error: 'must be true or false' });
      return def.default === undefined ? s : s.default(def.default);
    }
    case 'string-list': {
      const item =
        def.item === 'sip-uri'
          ? z.string().refine(isSipUri, { message: 'each entry must be a SIP URI' })
          : def.item === 'cidr'
            ? z
                .string()
                .refine(isCidr, { message: 'each entry must be an address or a network such as 10.0.0.0/8' })
            : z.string().min(1, 'entries may not be empty');
      let s = z.array(item, { error: 'must be a list' });
      if (def.minItems !== undefined) s = s.min(def.minItems, `needs at least ${def.minItems} entries`);
      return def.default === undefined ? s : s.default([...def.default]);
    }
    case 'key-value': {
      const key =
        def.keyKind === 'header'
          ? z.string().regex(HEADER_RE, 'is not a header name')
          : z.string().min(1, 'names may not be empty');
      const s = z.array(z.strictObject({ key, value: z.string() }), { error: 'must be a list of pairs' });
      return def.default === undefined ? s : s.default(def.default.map((kv) => ({ ...kv })));
    }
    case 'rules': {
      const shape: Record<string, z.ZodType> = {};
      for (const [name, c] of Object.entries(def.columns)) shape[name] = columnSchema(c);
      let s = z.array(z.strictObject(shape), { error: 'must be a list of rules' });
      if (def.minRows !== undefined) s = s.min(def.minRows, `needs at least ${def.minRows} rows`);
      return def.default === undefined ? s : s.default(def.default.map((r) => ({ ...r })));
    }
  }
}
