import { describe, expect, it } from 'vitest';
import { nodeTypeList, findNodeType } from './catalogue';
import { paramsSchema, portEntriesOf } from './define-node-type';

describe('node catalogue', () => {
  it.each(nodeTypeList.map((t) => [t.type, t] as const))('%s is fully described', (_name, def) => {
    expect(def.type).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(def.title.length).toBeGreaterThan(0);
    expect(def.help.length).toBeGreaterThan(20);
    for (const [port, when] of Object.entries(def.ports)) {
      expect(port).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(when.length).toBeGreaterThan(5);
    }
    for (const f of Object.values(def.params)) expect(f.label.length).toBeGreaterThan(0);
    for (const p of def.requiredPorts ?? []) expect(Object.keys(def.ports)).toContain(p);
  });

  it.each(nodeTypeList.map((t) => [t.type, t] as const))(
    '%s example passes its own validation',
    (_n, def) => {
      expect(paramsSchema(def).safeParse(def.example).success).toBe(true);
    },
  );

  it('finds types by id and nothing else', () => {
    expect(findNodeType('relay')?.title).toBe('Relay');
    expect(findNodeType('toString')).toBeUndefined();
    expect(findNodeType('nope')).toBeUndefined();
  });

  it('respond refuses codes outside 300–699', () => {
    const schema = paramsSchema(findNodeType('respond')!);
    expect(schema.safeParse({ code: 200, reason: 'OK' }).success).toBe(false);
    expect(schema.safeParse({ code: 700, reason: 'x' }).success).toBe(false);
    expect(schema.safeParse({ code: 403, reason: 'Forbidden' }).success).toBe(true);
  });

  it('lists the ports a Switch names in its rows after its fixed ones, each with a meaning', () => {
    const def = findNodeType('switch')!;
    const entries = portEntriesOf(def, def.example as Record<string, unknown>);
    expect(entries.map(([port]) => port)).toEqual([...Object.keys(def.ports), 'invite', 'message']);
    expect(entries.every(([, when]) => when.length > 5)).toBe(true);
    expect(portEntriesOf(def, {}).map(([port]) => port)).toEqual(Object.keys(def.ports));
  });
});
