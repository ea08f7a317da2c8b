// GET / and GET /v1 (vpcep-api.md §4.1): version discovery, outside the authenticated /v1/{project_id}
// scope, so no credentials are needed. Only v1 exists; any other version is an unknown path (404).
// The self link points at the emulator's public URL (http/public-url.ts).
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
      "VPCEP's version list, without credentials; only v1 is listed. Links use VPCEP_PUBLIC_URL or the request's scheme and Host header.",
    response: { 200: Type.Object({ versions: Type.Array(VersionModel) }) },
  },
  get: {
    tags: TAG,
    operationId: 'ListSpecifiedVersionDetails',
    summary: 'Show API version v1 (no credentials needed)',
    description:
      'The v1 version document, without credentials.',
    response: { 200: Type.Object({ version: VersionModel }) },
  },
};

function v1(baseUrl: string): Static<typeof VersionModel> {
  return {
    id: 'v1',
    status: 'CURRENT',
    updated: '2018-09-30T00:00:00Z',
    version: '1',
    min_version: '',
    links: [{ rel: 'self', href: `${baseUrl}/v1`, type: 'application/json' }],
  };
}

export async function versionRoutes(app: FastifyInstance, opts: { publicUrl: PublicUrl }): Promise<void> {
  app.get('/', { schema: schemas.list }, async (request) => ({ versions: [v1(opts.publicUrl(request))] }));
  app.get('/v1', { schema: schemas.get }, async (request) => ({ version: v1(opts.publicUrl(request)) }));
}
