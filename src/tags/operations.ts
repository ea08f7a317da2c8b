// What the tag API does (vpcep-api.md §4.18-4.20): batch changes to one resource's tags, the tags in
// use in a project, and the search for resources by tags and name. Resources come from the registry of
// taggable kinds (resources.ts), their tags from resource_tags.
import type { Write } from '../db/write.js';
import { ApiError } from '../errors.js';
import type { TaggableRegistry } from './resources.js';
import {
  checkUniqueTagKeys,
  MAX_QUERY_LIMIT,
  MAX_TAGS,
  refuseRepeats,
  type ProjectTagsView,
  type ResourceQueryInput,
  type ResourceQueryView,
  type ResourceTag,
  type ResourceType,
  type TagActionInput,
  type TagFilterInput,
} from './schemas.js';
import type { TagStore } from './store.js';

export interface TagContext {
  write: Write;
  store: TagStore;
  resources: TaggableRegistry;
}

/** Another project's resource does not exist for this one, as everywhere in the API. */
function requireResource(ctx: TagContext, type: ResourceType, projectId: string, id: string): void {
  if (!ctx.resources[type].find(projectId, id)) {
    throw new ApiError('EndPoint.0005', `${type} ${id} does not exist in project ${projectId}`);
  }
}

/** create sets keys (overwriting values), delete removes keys or key=value pairs; absent tags are ignored. */
export function changeTags(
  ctx: TagContext,
  type: ResourceType,
  projectId: string,
  resourceId: string,
  input: TagActionInput,
): void {
  const created = input.action === 'create' ? checkUniqueTagKeys(requireValues(input.tags)) : undefined;
  ctx.write(() => {
    requireResource(ctx, type, projectId, resourceId);
    if (created) putTags(ctx.store, type, resourceId, created);
    else for (const { key, value } of input.tags) ctx.store.remove(resourceId, key, value);
  });
}

/** On create a tag's value is mandatory (it may be ""); on delete it is optional. */
function requireValues(tags: TagActionInput['tags']): TagActionInput['tags'] {
  const missing = tags.findIndex((tag) => tag.value === undefined);
  if (missing >= 0) throw new ApiError('EndPoint.0002', `tags[${missing}].value is required when action is create`);
  return tags;
}

/** The limit counts the tags the resource keeps plus the new keys; overwriting a key adds nothing. */
function putTags(store: TagStore, type: ResourceType, resourceId: string, tags: ResourceTag[]): void {
  const existing = new Set(store.of(resourceId).map((tag) => tag.key));
  const newKeys = tags.filter((tag) => !existing.has(tag.key)).length;
  if (existing.size + newKeys > MAX_TAGS) {
    throw new ApiError(
      'EndPoint.3069',
      `${type} ${resourceId} has ${existing.size} tags and the request adds ${newKeys} new ` +
        `key${newKeys === 1 ? '' : 's'}; a resource has at most ${MAX_TAGS} tags`,
    );
  }
  store.put(resourceId, tags);
}

export function listProjectTags(ctx: TagContext, type: ResourceType, projectId: string): ProjectTagsView {
  const ids = ctx.resources[type].list(projectId).map((resource) => resource.id);
  return { tags: ctx.store.keyValues(ids) };
}

// ---- Search by tags and name ----

/** A tag filter with blanks trimmed: the key, with one of the values ([] = any value). */
interface TagCondition {
  key: string;
  values: string[];
}

interface TagQuery {
  tags: TagCondition[];
  tags_any: TagCondition[];
  not_tags: TagCondition[];
  not_tags_any: TagCondition[];
  /** resource_name to look for; undefined when there is no match condition. */
  name: string | undefined;
}

export function queryResources(
  ctx: TagContext,
  type: ResourceType,
  projectId: string,
  input: ResourceQueryInput,
): ResourceQueryView {
  const query = readQuery(input);
  const page = readPage(input);
  const resources = ctx.resources[type].list(projectId);
  const tagsById = ctx.store.ofMany(resources.map((resource) => resource.id));
  const hits = resources
    .map((resource) => ({ resource, tags: tagsById.get(resource.id) ?? [] }))
    .filter(({ resource, tags }) => nameMatches(resource.name, query.name) && tagsMatch(tags, query));
  if (!page) return { total_count: hits.length };
  return {
    resources: hits.slice(page.offset, page.offset + page.limit).map(({ resource, tags }) => ({
      resource_id: resource.id,
      resource_name: resource.name,
      tags,
      resource_detail: null,
    })),
    total_count: hits.length,
  };
}

function readQuery(input: ResourceQueryInput): TagQuery {
  return {
    tags: readConditions(input.tags, 'tags'),
    tags_any: readConditions(input.tags_any, 'tags_any'),
    not_tags: readConditions(input.not_tags, 'not_tags'),
    not_tags_any: readConditions(input.not_tags_any, 'not_tags_any'),
    name: readNameMatch(input.matches),
  };
}

function readConditions(filters: TagFilterInput[] | undefined, field: string): TagCondition[] {
  const conditions = (filters ?? []).map(({ key, values }) => ({
    key: key.trim(),
    values: values.map((value) => value.trim()),
  }));
  refuseRepeats(conditions.map((c) => c.key), 'EndPoint.3067', (i) => `${field}[${i}].key`);
  conditions.forEach(({ values }, i) =>
    refuseRepeats(values, 'EndPoint.3071', (j) => `${field}[${i}].values[${j}]`),
  );
  return conditions;
}

/** Only resource_name can be matched, so there is at most one condition. */
function readNameMatch(matches: ResourceQueryInput['matches']): string | undefined {
  if (!matches) return undefined;
  refuseRepeats(matches.map((match) => match.key), 'EndPoint.0002', (i) => `matches[${i}].key`);
  return matches[0]?.value;
}

/** The page a filter returns; a count has none, and refuses limit and offset. */
function readPage(input: ResourceQueryInput): { limit: number; offset: number } | undefined {
  if (input.action === 'count') {
    if (input.limit !== undefined) {
      throw new ApiError('EndPoint.0006', 'limit is not allowed with action count');
    }
    if (input.offset !== undefined) {
      throw new ApiError('EndPoint.0010', 'offset is not allowed with action count');
    }
    return undefined;
  }
  const limit = input.limit === undefined ? MAX_QUERY_LIMIT : Number(input.limit);
  if (limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new ApiError('EndPoint.0006', `limit must be from 1 to ${MAX_QUERY_LIMIT}, not ${input.limit}`);
  }
  return { limit, offset: Number(input.offset ?? 0) };
}

/**
 * Case-insensitive substring. An empty value asks for an exact match, which no resource has: a service's
 * resource_name is its full service name, an endpoint's its ID.
 */
function nameMatches(name: string, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  if (wanted === '') return false;
  return name.toLowerCase().includes(wanted.toLowerCase());
}

function hasTag(tags: ResourceTag[], { key, values }: TagCondition): boolean {
  const tag = tags.find((t) => t.key === key);
  return tag !== undefined && (values.length === 0 || values.includes(tag.value));
}

/** tags: all of them; tags_any: one of them; not_tags: not all of them; not_tags_any: none of them. */
function tagsMatch(tags: ResourceTag[], query: TagQuery): boolean {
  const has = (condition: TagCondition) => hasTag(tags, condition);
  return (
    query.tags.every(has) &&
    (query.tags_any.length === 0 || query.tags_any.some(has)) &&
    !(query.not_tags.length > 0 && query.not_tags.every(has)) &&
    !query.not_tags_any.some(has)
  );
}
