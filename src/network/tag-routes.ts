// The tags of the companion resources, as Terraform reads and writes them on every VPC, subnet and load
// balancer: GET /v2.0/{project_id}/{vpcs|subnets|loadbalancers}/{id}/tags and POST .../tags/action. The
// rules are those of the VPC tag pages: keys of 1-36 and values of up to 43 letters, digits, - and _,
// at most 10 tags a resource, a key once per request. Each API answers its errors in its own format.
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { ProjectId, withExample } from '../common/schemas.js';
import type { Write } from '../db/write.js';
import { TagStore } from '../tags/store.js';
import type { Db } from '../db/database.js';

export const MAX_COMPANION_TAGS = 10;

const Key = Type.String({ minLength: 1, maxLength: 36, pattern: '^[\\p{L}\\p{N}_-]*$', 'x-rule': '1 to 36 letters, digits, - or _' });
const Value = Type.String({ maxLength: 43, pattern: '^[\\p{L}\\p{N}_-]*$', 'x-rule': 'at most 43 letters, digits, - or _' });

const TagActionBody = Type.Object({
  action: Type.Enum(['create', 'delete']),
  tags: Type.Array(Type.Object({ key: Key, value: Type.Optional(Value) }), {
    minItems: 1,
    maxItems: MAX_COMPANION_TAGS,
    description: 'create: sets each key (value required); delete: removes each key, or only key=value with a value',
  }),
});
type TagAction = Static<typeof TagActionBody>;

const TagList = Type.Object({ tags: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })) });

export interface CompanionTagOptions {
  write: Write;
  db: Db;
  /** vpcs, subnets or loadbalancers: the path segment and the tag API's resource type. */
  type: string;
  /** How the OpenAPI document names the resource: `VPC`, `subnet`, `load balancer`. */
  label: string;
  /** The resource in the operation ids, e.g. Vpc for ListVpcTags. */
  operationName: string;
  /** Whether the project has a resource of the type with this id. */
  exists(projectId: string, id: string): boolean;
  notFound(id: string): Error;
  /** A request that breaks a rule JSON Schema cannot say (a key twice, too many tags). */
  invalid(detail: string): Error;
  /** The API's error responses, for the document. */
  errors: Record<number, TSchema>;
}

interface TagRoute {
  Params: { project_id: string; resource_id: string };
}

export async function companionTagRoutes(app: FastifyInstance, options: CompanionTagOptions): Promise<void> {
  const { type, label } = options;
  const tags = new TagStore(options.db);
  const params = Type.Object({ project_id: ProjectId, resource_id: Type.String({ description: `The ${label} ID` }) });
  const find = (request: { params: TagRoute['Params'] }) => {
    const { project_id, resource_id } = request.params;
    if (!options.exists(project_id, resource_id)) throw options.notFound(resource_id);
    return resource_id;
  };

  app.get<TagRoute>(
    `/:project_id/${type}/:resource_id/tags`,
    {
      schema: {
        tags: [`Tags of ${label}s`],
        operationId: `List${options.operationName}Tags`,
        summary: `The tags of a ${label}`,
        description: `The tags of a ${label} of the project, in the order they were set (what Terraform reads on every refresh).`,
        params,
        response: { 200: TagList, ...options.errors },
      },
    },
    async (request) => ({ tags: tags.of(find(request)) }),
  );

  app.post<TagRoute & { Body: TagAction }>(
    `/:project_id/${type}/:resource_id/tags/action`,
    {
      schema: {
        tags: [`Tags of ${label}s`],
        operationId: `Batch${options.operationName}TagAction`,
        summary: `Add or delete tags of a ${label} (204)`,
        description:
          `create sets each key (an existing key takes the new value), at most ${MAX_COMPANION_TAGS} tags on the ` +
          `${label} afterwards; delete removes each key, or key=value when a value is given; absent tags are ignored.`,
        params,
        body: withExample(TagActionBody, { action: 'create', tags: [{ key: 'key1', value: 'value1' }] }),
        response: { 204: Type.Null({ description: 'Done' }), ...options.errors },
      },
    },
    async (request, reply) => {
      options.write(() => applyAction(tags, find(request), request.body, options.invalid));
      return reply.code(204).send();
    },
  );
}

function applyAction(tags: TagStore, id: string, body: TagAction, invalid: (detail: string) => Error): void {
  const keys = body.tags.map((tag) => tag.key);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined) throw invalid(`tag key ${repeated} is given twice`);
  if (body.action === 'delete') {
    for (const { key, value } of body.tags) tags.remove(id, key, value);
    return;
  }
  const missing = body.tags.findIndex((tag) => tag.value === undefined);
  if (missing >= 0) throw invalid(`tags[${missing}].value is required to create a tag`);
  const after = new Set([...tags.of(id).map((tag) => tag.key), ...keys]);
  if (after.size > MAX_COMPANION_TAGS) {
    throw invalid(`the resource would have ${after.size} tags; it may have at most ${MAX_COMPANION_TAGS}`);
  }
  tags.put(id, body.tags.map(({ key, value }) => ({ key, value: value! })));
}
