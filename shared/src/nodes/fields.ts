// Field descriptors: plain, JSON-serialisable data that drives three things at once — the zod
// validator the compiler runs, the inspector form the editor renders (one input per field kind),
// and the node-type catalogue served at GET /api/node-types.
import { z } from 'zod';
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

export type FieldDef = TextField | NumberField | SipUriField | MethodsField;
export type FieldKind = FieldDef['kind'];

/** The value a field holds once validated (defaults applied). */
export type FieldValue<F extends FieldDef> = F extends NumberField
  ? number
  : F extends MethodsField
    ? string[]
    : string;

// RFC 3261 §25.1: Method = INVITEm / ACKm / … / extension-method; extension-method = token
const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

export const field = {
  text: (def: Omit<TextField, 'kind'>): TextField => ({ kind: 'text', ...def }),
  number: (def: Omit<NumberField, 'kind'>): NumberField => ({ kind: 'number', ...def }),
  sipUri: (def: Omit<SipUriField, 'kind'>): SipUriField => ({ kind: 'sip-uri', ...def }),
  methods: (def: Omit<MethodsField, 'kind'>): MethodsField => ({ kind: 'methods', ...def }),
};

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
      const s = z
        .string({ error: 'must be a SIP URI' })
        .refine(isSipUri, { message: 'must be a SIP URI such as sip:host:5060 or sip:user@host' });
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
  }
}
