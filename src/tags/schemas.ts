// Resource tags, and the requests and responses of the tag API (vpcep-api.md §3.2, §4.18-4.20). Each page
// has its own tag rules, and each operation follows its page: creating an endpoint service (the newest
// page, 2025-11-17) allows keys of 128 and values of 255 characters with its character set; creating an
// endpoint and the tag API allow keys of 36 and values of 43 letters, digits, -, _ and @.
import { Type, type Static } from 'typebox';
import { ProjectId, errorResponses, withExample } from '../common/schemas.js';
import { ApiError, type ErrorCode } from '../errors.js';

export const MAX_TAGS = 20;
const MAX_FILTER_KEYS = 20;
const MAX_FILTER_VALUES = 10;
export const MAX_QUERY_LIMIT = 1000;

export const RESOURCE_TYPES = ['endpoint_service', 'endpoint'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

// ---- The create-service page's rules ----

const TagKey = Type.String({
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
});

const TagValue = (options: { default?: string } = {}) =>
  Type.String({
    maxLength: 255,
    pattern: '^[A-Za-z0-9 _.:/=+@-]*$',
    'x-rule': 'letters, digits, spaces and _.:/=+-@',
    'x-error-code': { maxLength: 'EndPoint.3073', '*': 'EndPoint.3068' },
    ...options,
  });

export const Tag = Type.Object({ key: TagKey, value: Type.Optional(TagValue({ default: '' })) });

// ---- The rules of the create-endpoint page, the tag API and the tag character set page ----

export const SHORT_KEY_LENGTH = 36;
export const SHORT_VALUE_LENGTH = 43;

const ShortTagKey = Type.String({
  minLength: 1,
  maxLength: SHORT_KEY_LENGTH,
  pattern: '^[\\p{L}\\p{N}_@-]*$',
  'x-rule': 'letters, digits, -, _ or @',
  'x-error-code': {
    required: 'EndPoint.3066',
    minLength: 'EndPoint.3066',
    maxLength: 'EndPoint.3072',
    '*': 'EndPoint.3068',
  },
});

const ShortTagValue = (options: { default?: string } = {}) =>
  Type.String({
    maxLength: SHORT_VALUE_LENGTH,
    pattern: '^[\\p{L}\\p{N}_@-]*$',
    'x-rule': 'letters, digits, -, _ or @',
    'x-error-code': { maxLength: 'EndPoint.3073', '*': 'EndPoint.3068' },
    ...options,
  });

/** A tag as the create-endpoint page has it. */
export const ShortTag = Type.Object({ key: ShortTagKey, value: Type.Optional(ShortTagValue({ default: '' })) });

// Without a default: in a delete, a missing value (delete by key) differs from an empty one; a create
// needs one (checked in operations.ts).
const ActionTag = Type.Object({ key: ShortTagKey, value: Type.Optional(ShortTagValue()) });

export function Tags(
  options: { default?: []; minItems?: number; description?: string } = {},
  item: typeof Tag | typeof ShortTag | typeof ActionTag = Tag,
) {
  return Type.Array(item, {
    maxItems: MAX_TAGS,
    'x-error-code': { maxItems: 'EndPoint.3069', minItems: 'EndPoint.3066' },
    description: `At most ${MAX_TAGS} tags with unique keys`,
    ...options,
  });
}

export const TagOut = Type.Object({ key: Type.String(), value: Type.String() });

export type TagInput = Static<typeof Tag> | Static<typeof ShortTag>;
export type ResourceTag = Static<typeof TagOut>;

/** JSON Schema cannot say "unique by key", so this rule is checked here. */
export function checkUniqueTagKeys(tags: TagInput[], field = 'tags'): ResourceTag[] {
  refuseRepeats(tags.map((tag) => tag.key), 'EndPoint.3067', (i) => `${field}[${i}].key`);
  return tags.map(({ key, value = '' }) => ({ key, value }));
}

/** Refuses the first item that repeats an earlier one, naming it by its place in the request. */
export function refuseRepeats(items: string[], code: ErrorCode, name: (index: number) => string): void {
  const repeat = items.findIndex((item, i) => items.indexOf(item) !== i);
  if (repeat >= 0) throw new ApiError(code, `${name(repeat)} "${items[repeat]}" is given twice`);
}

// ---- The tag API ----

const ResourceTypeParam = Type.Enum(RESOURCE_TYPES, {
  'x-error-code': 'EndPoint.3070',
  description: 'endpoint_service or endpoint',
});

export const ResourceTypeParams = Type.Object({ project_id: ProjectId, resource_type: ResourceTypeParam });
export const ResourceParams = Type.Object({
  project_id: ProjectId,
  resource_type: ResourceTypeParam,
  resource_id: Type.String({ description: 'Endpoint service ID or endpoint ID' }),
});

export const TagActionBody = Type.Object({
  action: Type.Enum(['create', 'delete'], { 'x-error-code': 'EndPoint.0007' }),
  tags: Tags(
    {
      minItems: 1,
      description:
        `create: sets each key (an existing key gets the new value; value is required), at most ` +
        `${MAX_TAGS} tags on the resource afterwards. delete: removes each key, or only key=value when ` +
        'a value is given; absent tags are ignored',
    },
    ActionTag,
  ),
});

// Search filters are looser than tags: no character set, longer keys; blanks around them are trimmed.
const TagFilter = Type.Object({
  key: Type.String({
    maxLength: 127,
    pattern: '\\S',
    'x-rule': 'non-blank',
    'x-error-code': { maxLength: 'EndPoint.3072', '*': 'EndPoint.3066', required: 'EndPoint.3066' },
  }),
  values: Type.Array(Type.String({ maxLength: 255, 'x-error-code': 'EndPoint.3073' }), {
    maxItems: MAX_FILTER_VALUES,
    description: 'Any of these values; [] matches any value',
  }),
});

const TagFilters = (description: string) =>
  Type.Optional(Type.Array(TagFilter, { maxItems: MAX_FILTER_KEYS, description }));

const Digits = (errorCode: string, description: string) =>
  Type.Optional(
    Type.String({
      pattern: '^[0-9]+$',
      'x-rule': 'a string of digits',
      'x-error-code': errorCode,
      description,
    }),
  );

export const ResourceQueryBody = Type.Object({
  action: Type.Enum(['filter', 'count'], { 'x-error-code': 'EndPoint.0007' }),
  tags: TagFilters('Resources having every one of these keys, each with one of its values'),
  tags_any: TagFilters('Resources having at least one of these keys with one of its values'),
  not_tags: TagFilters('Resources not having every one of these keys with one of its values'),
  not_tags_any: TagFilters('Resources having none of these keys with one of its values'),
  matches: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.Enum(['resource_name']),
        value: Type.String({ maxLength: 255 }),
      }),
      { description: 'resource_name: case-insensitive substring; an empty value matches exactly' },
    ),
  ),
  limit: Digits('EndPoint.0006', `filter only: 1 to ${MAX_QUERY_LIMIT}, default ${MAX_QUERY_LIMIT}`),
  offset: Digits('EndPoint.0010', 'filter only: records to skip, default 0'),
});

export type TagActionInput = Static<typeof TagActionBody>;
export type ResourceQueryInput = Static<typeof ResourceQueryBody>;
export type TagFilterInput = Static<typeof TagFilter>;

const TaggedResource = Type.Object({
  resource_id: Type.String(),
  resource_name: Type.String({
    description: 'Full service name for endpoint services, the ID for endpoints',
  }),
  tags: Type.Array(TagOut),
  resource_detail: Type.Null(),
});

export const ResourceQueryResult = Type.Object({
  resources: Type.Optional(Type.Array(TaggedResource, { description: 'Absent for count' })),
  total_count: Type.Integer(),
});

export const ProjectTags = Type.Object({
  tags: Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.String()) })),
});

export type ResourceQueryView = Static<typeof ResourceQueryResult>;
export type ProjectTagsView = Static<typeof ProjectTags>;

const TAG = ['Tags'];

export const routeSchemas = {
  action: {
    tags: TAG,
    operationId: 'BatchAddOrRemoveResourceInstance',
    summary: 'Add or delete tags of a resource in a batch',
    description:
      'Creates (or overwrites) or deletes tags of a service or endpoint of this project; at most 20 tags per resource. Answers 204. 400 EndPoint.3066-3073 for invalid keys, values or counts, EndPoint.3070 for another resource type.',
    params: ResourceParams,
    body: withExample(TagActionBody, {
      action: 'create',
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key', value: 'value3' },
      ],
    }),
    response: { 204: Type.Null({ description: 'No body' }), ...errorResponses(400, 404) },
  },
  list: {
    tags: TAG,
    operationId: 'ListQueryProjectResourceTags',
    summary: "List the tags of the project's resources of a type, values grouped by key",
    description:
      "All tag keys used by the project's services or endpoints, each with its values.",
    params: ResourceTypeParams,
    response: { 200: ProjectTags, ...errorResponses(400) },
  },
  query: {
    tags: TAG,
    operationId: 'ListResourceInstances',
    summary: 'Find or count resources by tags and name',
    description:
      'Finds (action filter) or counts (action count) services or endpoints of the project by tags (tags, tags_any, not_tags, not_tags_any) and name (matches); limit and offset may be strings, as in the API reference.',
    params: ResourceTypeParams,
    body: withExample(ResourceQueryBody, {
      offset: '0',
      limit: '100',
      action: 'filter',
      matches: [{ key: 'resource_name', value: 'resource1' }],
      tags: [{ key: 'key1', values: ['*value1', 'value2'] }],
    }),
    response: { 200: ResourceQueryResult, ...errorResponses(400) },
  },
};
