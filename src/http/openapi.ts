// The OpenAPI 3 document, generated from the route schemas, at /openapi.json, with Swagger UI at /docs.
// Routes behind a credential check declare it (documentCredentials), so that Swagger UI's "Try it out"
// sends the X-Auth-Token entered under "Authorize"; both documents name the server the request reached.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { EMULATOR_VERSION } from '../package-info.js';
import type { PublicUrl } from './public-url.js';

/** Either credential admits a request: a token, or an SDK-HMAC-SHA256 signature. */
const CREDENTIALS: Array<Record<string, string[]>> = [{ token: [] }, { signature: [] }];

const DESCRIPTION = [
  'A local emulator of the Open Telekom Cloud VPC Endpoint API v1 (endpoint services, endpoints, connections,',
  'whitelists, tags, quotas), the part of the Keystone identity API v3 that clients log in with, the companion',
  'resources a VPCEP setup refers to (VPCs and subnets of the VPC API v1, ELB v2 load balancers and their VIP',
  "ports under Neutron's /v2.0, whose project is the token's), and a test-control API under /_emulator.",
  '',
  'To try a call here: click **Authorize** and enter any token under `token` (the default lenient mode accepts',
  'any non-empty `X-Auth-Token`; in strict mode use one issued by `POST /v3/auth/tokens`), then open an',
  'operation, click **Try it out** and **Execute**. The project id in the path is any 32-character id.',
  'Creations are asynchronous: a new service is `creating` for VPCEP_DELAY (1-2 minutes by default).',
].join('\n');

export async function registerOpenApi(app: FastifyInstance, options: { publicUrl: PublicUrl }): Promise<void> {
  const { publicUrl } = options;
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Open Telekom Cloud VPC Endpoint (VPCEP) API v1, as served by vpcep-emulator',
        description: DESCRIPTION,
        version: EMULATOR_VERSION,
      },
      components: {
        securitySchemes: {
          token: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Auth-Token',
            description: 'A Keystone token; in lenient mode (the default) any non-empty value',
          },
          signature: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'An SDK-HMAC-SHA256 signature (AK/SK), as the Huawei Cloud SDKs send it, with X-Sdk-Date',
          },
          controlToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'VPCEP_CONTROL_TOKEN, when the test-control API is started with one',
          },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { persistAuthorization: true, displayOperationId: true },
    transformSpecification: (document, request) => withServer(document, publicUrl(request)),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async (request) =>
    withServer(app.swagger() as Record<string, unknown>, publicUrl(request)),
  );
}

/** The document with the emulator's address as its server, so that "Try it out" calls this emulator. */
function withServer(document: Record<string, unknown>, url: string): Record<string, unknown> {
  return { ...document, servers: [{ url, description: 'this emulator' }] };
}

/** Declares, in the document, that every route registered in this plugin needs a cloud credential. */
export function documentCredentials(app: FastifyInstance): void {
  requireInDocument(app, CREDENTIALS);
}

/** Declares that every route of this plugin needs VPCEP_CONTROL_TOKEN (when one is set). */
export function documentControlToken(app: FastifyInstance): void {
  requireInDocument(app, [{ controlToken: [] }]);
}

function requireInDocument(app: FastifyInstance, security: Array<Record<string, string[]>>): void {
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security };
  });
}

/** The document as committed in openapi/openapi.json (without servers: that depends on where it is served). */
export function renderOpenApi(app: FastifyInstance): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
