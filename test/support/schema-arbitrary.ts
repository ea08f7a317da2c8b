// fast-check values from the JSON Schemas of the emulator's own OpenAPI document: values that satisfy a
// schema (as far as JSON Schema can say: the rules only code checks, such as unique keys, may still refuse
// them), and values that break it somewhere, so every operation can be driven with both.
import fc from 'fast-check';

export type Schema = Record<string, any>;

// Arrays are kept short: what matters is the shape, and the maximums have tests of their own.
const MAX_ITEMS = 4;

/** Values the schema accepts. */
export function valid(schema: Schema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map(valid));
  switch (schema.type) {
    case 'string':
      return schema.pattern
        ? matching(schema.pattern).filter(
            (s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity),
          )
        : fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100_000, 2 ** 31 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? valid(schema.items) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)),
      });
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const record = Object.fromEntries(
        Object.entries(properties)
          .filter(([name]) => name !== '__proto__')
          .map(([name, property]) => [name, valid(property)]),
      );
      return fc.record(record, { requiredKeys: [...required].filter((name) => name in record) as never[] });
    }
    default:
      return fc.jsonValue();
  }
}

/**
 * Strings matching the pattern. fast-check cannot generate from lookarounds, so those are left out of
 * what generates and the whole pattern filters what comes out.
 */
function matching(pattern: string): fc.Arbitrary<string> {
  const whole = new RegExp(pattern);
  const withoutLookarounds = pattern.replace(/\(\?<?[=!][^)]*\)/g, '');
  return fc.stringMatching(new RegExp(withoutLookarounds)).filter((s) => whole.test(s));
}

/** Values the schema refuses: a valid value with one field (at any depth) replaced by something else. */
export function invalid(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 3, arbitrary: fc.tuple(valid(schema), fc.jsonValue(), fc.nat()).map(([value, junk, pick]) => spoil(value, junk, pick)) },
  );
}

/** The value with one of its leaves (chosen by `pick`) replaced by `junk`. */
function spoil(value: unknown, junk: unknown, pick: number): unknown {
  const leaves: { parent: any; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      leaves.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
      walk(child);
    }
  };
  walk(value);
  if (leaves.length === 0) return junk;
  const { parent, key } = leaves[pick % leaves.length];
  parent[key] = junk;
  return value;
}
