// HTTP binding of the identity API under /v3, with Keystone's error format for everything that goes
// wrong below /v3 (unknown paths included). Token issuance and the version document need no
// credentials; the lookups that serve the AK/SK flows and token validation do.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { toApiError } from '../http/errors.js';
import { documentCredentials } from '../http/openapi.js';
import type { PublicUrl } from '../http/public-url.js';
import { pathOf } from '../http/request-path.js';
import { describeValidationFailure } from '../http/validation.js';
import { CredentialError, type Authenticator, type Caller } from './credentials.js';
import { KeystoneError, unauthorized } from './errors.js';
import { routeSchemas, type AuthInput, type VersionView } from './schemas.js';
import { issueToken, lookUpToken, type IdentityContext } from './tokens.js';
import { catalogFor, domainView, listLinks, projectView, tokenView, type Site } from './views.js';

export interface IdentityRoutesOptions {
  ctx: IdentityContext;
  authenticator: Authenticator;
  publicUrl: PublicUrl;
}

export async function identityRoutes(app: FastifyInstance, options: IdentityRoutesOptions): Promise<void> {
  const { ctx, authenticator, publicUrl } = options;
  const site = (request: FastifyRequest): Site => ({ baseUrl: publicUrl(request), region: ctx.region });
  installKeystoneErrors(app);

  // The prefix makes this both /v3 and /v3/; keystoneauth reads the self link and posts below it.
  app.get('/', { schema: routeSchemas.version }, async (request) => versionDocument(publicUrl(request)));

  app.post<{ Body: AuthInput }>('/auth/tokens', { schema: routeSchemas.issue }, async (request, reply) => {
    const { id, token } = issueToken(ctx, request.body);
    return reply.code(201).header('x-subject-token', id).send({ token: tokenView(token, site(request), true) });
  });

  await app.register(async (authenticated) => {
    authenticated.addHook('preParsing', async (request, _reply, payload) => await authenticator.admit(request, payload));
    documentCredentials(authenticated);

    authenticated.get<{ Querystring: { nocatalog?: string } }>(
      '/auth/tokens',
      { schema: routeSchemas.validate },
      async (request, reply) => {
        const subject = request.headers['x-subject-token'];
        const lookup = typeof subject === 'string' ? lookUpToken(ctx, subject) : { status: 'unknown' as const };
        if (lookup.status !== 'valid') throw new KeystoneError(404, 'Could not find token (X-Subject-Token).');
        const body = { token: tokenView(lookup.token, site(request), request.query.nocatalog === undefined) };
        return reply.header('x-subject-token', subject).send(body);
      },
    );

    authenticated.get('/auth/catalog', { schema: routeSchemas.catalog }, async (request) => {
      const projectId = authenticator.projectOf(caller(request), request);
      const here = site(request);
      return { catalog: catalogFor(here, projectId), links: listLinks(`${here.baseUrl}/v3/auth/catalog`) };
    });

    authenticated.get('/auth/projects', { schema: routeSchemas.authProjects }, async (request) => {
      const domain = authenticator.domainOf(caller(request));
      const baseUrl = publicUrl(request);
      return {
        projects: ctx.store.projectsOf(domain.id).map((p) => projectView(p, baseUrl)),
        links: listLinks(`${baseUrl}/v3/auth/projects`),
      };
    });

    // The Huawei SDKs and gophertelekomcloud look a project id up by name (often the region's name),
    // so a name the caller's domain has not used yet is created, as a token request would.
    authenticated.get<{ Querystring: { name?: string } }>(
      '/projects',
      { schema: routeSchemas.projects },
      async (request) => {
        const domain = authenticator.domainOf(caller(request));
        const { name } = request.query;
        const baseUrl = publicUrl(request);
        const projects =
          name === undefined || name === ''
            ? ctx.store.projectsOf(domain.id)
            : [ctx.store.projectNamed(domain, name, ctx.clock.now())];
        return { projects: projects.map((p) => projectView(p, baseUrl)), links: listLinks(`${baseUrl}/v3/projects`) };
      },
    );

    authenticated.get<{ Querystring: { name?: string } }>(
      '/auth/domains',
      { schema: routeSchemas.authDomains },
      async (request) => {
        const domain = authenticator.domainOf(caller(request));
        const { name } = request.query;
        const baseUrl = publicUrl(request);
        const domains = name === undefined || name === domain.name ? [domainView(domain, baseUrl)] : [];
        return { domains, links: listLinks(`${baseUrl}/v3/auth/domains`) };
      },
    );
  });
}

function caller(request: FastifyRequest): Caller {
  return request.caller!; // set by the preParsing hook of these routes
}

function versionDocument(baseUrl: string): VersionView {
  return {
    version: {
      id: 'v3.0',
      status: 'stable',
      updated: '2013-03-06T00:00:00Z',
      links: [{ rel: 'self', href: `${baseUrl}/v3/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    },
  };
}

function installKeystoneErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const error = toKeystoneError(err);
    if (error.status >= 500) request.log.error({ err }, 'request failed unexpectedly');
    return reply.code(error.status).send(error.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new KeystoneError(404, `Could not find ${request.method} ${pathOf(request.url)}.`);
    return reply.code(error.status).send(error.toBody());
  });
}

function toKeystoneError(err: FastifyError | Error): KeystoneError {
  if (err instanceof KeystoneError) return err;
  // No identity route is tied to a project, so a credential is only ever missing or unusable here.
  if (err instanceof CredentialError) return unauthorized(err.message);
  const validation = (err as FastifyError).validation;
  if (validation?.length) {
    return new KeystoneError(400, describeValidationFailure(validation[0], (err as FastifyError).validationContext));
  }
  // JSON that does not parse, a body that is too large, an unexpected failure: the same classification
  // as in the VPCEP API, in Keystone's format.
  const apiError = toApiError(err as FastifyError);
  return new KeystoneError(apiError.status, apiError.message);
}
