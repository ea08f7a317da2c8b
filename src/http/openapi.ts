// The OpenAPI 3 document, generated from the route schemas, at /openapi.json, with Swagger UI at /docs.
// Routes behind a credential check declare it (documentCredentials), so that Swagger UI's "Try it out"
// sends the X-Auth-Token entered under "Authorize"; both documents name the server the request reached.
//
// Swagger UI is built on the first request under /docs, in an app of its own that the emulator's /docs
// routes hand their requests to: its plugin and the static file server, YAML writer and file-type tables it
// brings were a tenth of every start-up, for a page most runs never open.
import fastifySwagger, { type StaticDocumentSpec } from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { EMULATOR_VERSION } from '../package-info.js';
import type { PublicUrl } from './public-url.js';
import { pathOf } from './request-path.js';

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
  registerSwaggerUiOnFirstUse(app, publicUrl);
  app.get('/openapi.json', { schema: { hide: true } }, async (request) =>
    withServer(app.swagger() as Record<string, unknown>, publicUrl(request)),
  );
}

/** The header that hands the public URL of the outer request to Swagger UI's own app. */
const PUBLIC_URL_HEADER = 'x-vpcep-public-url';
/** Hop-by-hop headers of the inner answer, which the outer server writes itself. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/** GET (and HEAD) /docs and everything under it, answered by Swagger UI's app, built on the first call. */
function registerSwaggerUiOnFirstUse(app: FastifyInstance, publicUrl: PublicUrl): void {
  let ui: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    // An OpenAPI 3.0.3 document (see above), which the plugin's types know as 3.1 only.
    ui ??= buildSwaggerUi(app.swagger() as StaticDocumentSpec['document']).catch((err: unknown) => {
      ui = undefined; // the next request tries again
      throw err;
    });
    const answer = await (await ui).inject({
      method: request.method as 'GET' | 'HEAD',
      url: request.url,
      headers: { ...request.headers, [PUBLIC_URL_HEADER]: publicUrl(request) },
    });
    // A file Swagger UI does not have: the emulator's own 404, in its format.
    if (answer.statusCode === 404) {
      throw new ApiError('EndPoint.0005', undefined, { message: `No such file: Swagger UI has no ${pathOf(request.url)}` });
    }
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!NOT_FORWARDED.has(name) && value !== undefined) reply.header(name, value);
    }
    // A redirect or a 304 has no body, and no content type is made up for it.
    return reply.code(answer.statusCode).send(answer.rawPayload.length > 0 ? answer.rawPayload : undefined);
  };
  app.get('/docs', { schema: { hide: true } }, forward);
  app.get('/docs/*', { schema: { hide: true } }, forward);
  app.addHook('onClose', async () => {
    await (await ui?.catch(() => undefined))?.close();
  });
}

/** Swagger UI over the finished document, in an app of its own that only ever answers inject calls. */
async function buildSwaggerUi(document: StaticDocumentSpec['document']): Promise<FastifyInstance> {
  const { default: fastifySwaggerUi } = await import('@fastify/swagger-ui');
  const ui = Fastify();
  await ui.register(fastifySwagger, { mode: 'static', specification: { document } });
  await ui.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { persistAuthorization: true, displayOperationId: true },
    transformSpecification: (spec, request) => withServer(spec, request.headers[PUBLIC_URL_HEADER] as string),
  });
  await ui.ready();
  return ui;
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
