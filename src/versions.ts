// GET /, GET /v1 and GET /v2 (vpcep-api.md §4.1): version discovery, outside the authenticated
// /v{n}/{project_id} scope, so no credentials are needed. The list is the reference's example: v1 and v2,
// both CURRENT (v2 serves the three upgrade and server-resource operations the Huawei SDKs call). Any
// other version is an unknown path (404). The self links point at the emulator's public URL.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { PublicUrl } from './http/public-url.js';

const VersionModel = Type.Object({
  id: Type.String({ description: 'v1' }),
  status: Type.String({ description: 'CURRENT, SUPPORT or DEPRECATED' }),
  updated: Type.String({ description: 'Release time, UTC' }),
  version: Type.String(),
  min_version: Type.String({ description: 'Empty: no microversions' }),
  links: Type.Array(Type.Object({ href: Type.String(), type: Type.String(), rel: Type.String() })),
});

const TAG = ['Versions'];
const schemas = {
  list: {
    tags: TAG,
    operationId: 'ListVersionDetails',
    summary: 'List the API versions (no credentials needed)',
    description:
      "VPCEP's version list (v1 and v2), without credentials. Links use VPCEP_PUBLIC_URL or the request's scheme and Host header.",
    response: { 200: Type.Object({ versions: Type.Array(VersionModel) }) },
  },
  get: {
    tags: TAG,
    summary: 'Show one API version (no credentials needed)',
    description: 'The version document of v1 or v2, without credentials.',
    response: { 200: Type.Object({ version: VersionModel }) },
  },
};

// Operation ids are unique in the OpenAPI document, so v2's is suffixed.
const VERSIONS = [
  { id: 'v1', version: '1', updated: '2018-09-30T00:00:00Z', operationId: 'ListSpecifiedVersionDetails' },
  { id: 'v2', version: '2', updated: '2020-03-30T00:00:00Z', operationId: 'ListSpecifiedVersionDetailsV2' },
];

function versionModel(entry: (typeof VERSIONS)[number], baseUrl: string): Static<typeof VersionModel> {
  return {
    id: entry.id,
    status: 'CURRENT',
    updated: entry.updated,
    version: entry.version,
    min_version: '',
    links: [{ rel: 'self', href: `${baseUrl}/${entry.id}`, type: 'application/json' }],
  };
}

export async function versionRoutes(app: FastifyInstance, opts: { publicUrl: PublicUrl }): Promise<void> {
  app.get('/', { schema: schemas.list }, async (request) => ({
    versions: VERSIONS.map((entry) => versionModel(entry, opts.publicUrl(request))),
  }));
  for (const entry of VERSIONS) {
    app.get(`/${entry.id}`, { schema: { ...schemas.get, operationId: entry.operationId } }, async (request) => ({
      version: versionModel(entry, opts.publicUrl(request)),
    }));
  }
}
