// Resource tags, with the rules of the newest official page for creating an endpoint service.
import { Type, type Static } from 'typebox';
import { ApiError } from '../errors.js';

export const MAX_TAGS = 20;

export const Tag = Type.Object({
  key: Type.String({
    minLength: 1,
    maxLength: 128,
    pattern: '^(?!_sys_)(?! )[A-Za-z0-9 _.:=+@-]*(?<! )$',
    'x-rule':
      'letters, digits, spaces and _.:=+-@, not starting or ending with a space, not starting with _sys_',
    'x-error-code': {
      required: 'EndPoint.3066',
      minLength: 'EndPoint.3066',
      maxLength: 'EndPoint.3072',
      '*': 'EndPoint.3068',
    },
  }),
  value: Type.Optional(
    Type.String({
      maxLength: 255,
      pattern: '^[A-Za-z0-9 _.:/=+@-]*$',
      default: '',
      'x-rule': 'letters, digits, spaces and _.:/=+-@',
      'x-error-code': { maxLength: 'EndPoint.3073', '*': 'EndPoint.3068' },
    }),
  ),
});

export function Tags(options: { default?: [] } = {}) {
  return Type.Array(Tag, {
    maxItems: MAX_TAGS,
    'x-error-code': { maxItems: 'EndPoint.3069' },
    description: `At most ${MAX_TAGS} tags with unique keys`,
    ...options,
  });
}

export const TagOut = Type.Object({ key: Type.String(), value: Type.String() });

export type TagInput = Static<typeof Tag>;
export type ResourceTag = Static<typeof TagOut>;

/** JSON Schema cannot say "unique by key", so this rule is checked here. */
export function checkUniqueTagKeys(tags: TagInput[], field = 'tags'): ResourceTag[] {
  const seen = new Set<string>();
  return tags.map(({ key, value = '' }, i) => {
    if (seen.has(key)) throw new ApiError('EndPoint.3067', `${field}[${i}].key "${key}" is given twice`);
    seen.add(key);
    return { key, value };
  });
}
