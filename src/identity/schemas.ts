// Requests and responses of the identity API (a Keystone v3 subset, clients.md §1.1), in the shapes
// keystoneauth, gophertelekomcloud and the Huawei SDKs read. They validate requests, type the handlers
// and generate the OpenAPI document.
import { Type, type Static, type TSchema } from 'typebox';
import { PROJECT_ID_PATTERN, withExample } from '../common/schemas.js';

const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Id = Type.String({
  pattern: PROJECT_ID_PATTERN,
  'x-rule': '1 to 64 letters, digits, underscores or hyphens',
});

/** A domain named by id or by name; when both are given, the id counts. */
const DomainRef = Type.Object({ id: Type.Optional(Id), name: Type.Optional(Name(64)) });

const PasswordMethod = Type.Object({
  user: Type.Object({
    id: Type.Optional(Id),
    name: Type.Optional(Name(255)),
    password: Type.String({ description: 'Any password is accepted; it is neither logged nor stored' }),
    domain: Type.Optional(DomainRef),
  }),
});

export const AuthBody = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.String(), { minItems: 1, description: 'password or token' }),
      password: Type.Optional(PasswordMethod),
      token: Type.Optional(Type.Object({ id: Type.String({ minLength: 1 }) })),
    }),
    scope: Type.Optional(
      Type.Object({
        project: Type.Optional(
          Type.Object({
            id: Type.Optional(Id),
            name: Type.Optional(Name(64)),
            domain: Type.Optional(DomainRef),
          }),
        ),
        domain: Type.Optional(DomainRef),
      }),
    ),
  }),
});

export type AuthInput = Static<typeof AuthBody>;
export type DomainRefInput = Static<typeof DomainRef>;
export type PasswordInput = Static<typeof PasswordMethod>;
export type ProjectRefInput = NonNullable<NonNullable<AuthInput['auth']['scope']>['project']>;

const IdName = Type.Object({ id: Type.String(), name: Type.String() });
const Member = Type.Object({ id: Type.String(), name: Type.String(), domain: IdName });

const CatalogEndpoint = Type.Object({
  id: Type.String(),
  interface: Type.String({ description: 'public' }),
  region: Type.String(),
  region_id: Type.String(),
  url: Type.String(),
});

export const CatalogEntry = Type.Object({
  id: Type.String(),
  type: Type.String({ description: 'identity or vpcep' }),
  name: Type.String(),
  endpoints: Type.Array(CatalogEndpoint),
});
export type CatalogEntryView = Static<typeof CatalogEntry>;

const Token = Type.Object({
  expires_at: Type.String({ description: 'UTC with microseconds, e.g. 2026-01-02T00:00:00.000000Z' }),
  issued_at: Type.String(),
  methods: Type.Array(Type.String()),
  user: Member,
  project: Type.Optional(Member),
  domain: Type.Optional(IdName),
  roles: Type.Array(IdName),
  catalog: Type.Optional(Type.Array(CatalogEntry)),
});
export type TokenView = Static<typeof Token>;

const TokenBody = Type.Object({ token: Token });

const SelfLink = Type.Object({ self: Type.String() });
const ListLinks = Type.Object({
  self: Type.String(),
  next: Type.Union([Type.String(), Type.Null()]),
  previous: Type.Union([Type.String(), Type.Null()]),
});
export type ListLinksView = Static<typeof ListLinks>;

export const ProjectOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  parent_id: Type.String({ description: 'The domain: projects are not nested' }),
  description: Type.String(),
  enabled: Type.Boolean(),
  is_domain: Type.Boolean(),
  links: SelfLink,
});
export type ProjectView = Static<typeof ProjectOut>;

export const DomainOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  links: SelfLink,
});
export type DomainView = Static<typeof DomainOut>;

const VersionLink = Type.Object({ rel: Type.String(), href: Type.String() });
const VersionBody = Type.Object({
  version: Type.Object({
    id: Type.String(),
    status: Type.String(),
    updated: Type.String(),
    links: Type.Array(VersionLink),
    'media-types': Type.Array(Type.Object({ base: Type.String(), type: Type.String() })),
  }),
});
export type VersionView = Static<typeof VersionBody>;

const KeystoneErrorBody = Type.Object(
  { error: Type.Object({ code: Type.Integer(), title: Type.String(), message: Type.String() }) },
  { description: "Keystone's error format" },
);

function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([500, ...statuses].map((status) => [status, KeystoneErrorBody]));
}

const SubjectTokenHeader = Type.Object({
  'x-subject-token': Type.Optional(Type.String({ description: 'The token to validate' })),
});

export const DomainsQuery = Type.Object({ name: Type.Optional(Type.String()) });
export const ProjectsQuery = Type.Object({
  name: Type.Optional(Type.String({ description: 'Found, or created in the caller’s domain' })),
});
export const TokenQuery = Type.Object({
  nocatalog: Type.Optional(Type.String({ description: 'Present: leave the catalog out' })),
});

const TAG = ['Identity'];

export const routeSchemas = {
  version: {
    tags: TAG,
    operationId: 'KeystoneShowVersion',
    summary: 'Identity API v3 version document (no credentials needed)',
    description:
      "Keystone's version document for /v3. Clients configured with the auth URL http://HOST:PORT/v3 read its self link and post tokens below it.",
    response: { 200: VersionBody },
  },
  issue: {
    tags: TAG,
    operationId: 'KeystoneCreateToken',
    summary: 'Issue a token (password or token method; project, domain or no scope)',
    description:
      "Issues a token, returned in the X-Subject-Token header, with the catalog that points clients at this emulator's vpcep endpoint. Any user name and non-empty password work; the domain, user and project named are created on first use. 401 for an empty password, an unknown user or domain id, or an unknown or expired token (token method).",
    body: withExample(AuthBody, {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'me', password: 'anything', domain: { name: 'my-domain' } } },
        },
        scope: { project: { name: 'eu-de_my-project', domain: { name: 'my-domain' } } },
      },
    }),
    response: { 201: TokenBody, ...errors(400, 401) },
  },
  validate: {
    tags: TAG,
    operationId: 'KeystoneValidateToken',
    summary: 'Validate the token in X-Subject-Token',
    description:
      'Answers the token in X-Subject-Token as it was issued (?nocatalog leaves the catalog out), or 404 when it is unknown or expired.',
    headers: SubjectTokenHeader,
    querystring: TokenQuery,
    response: { 200: TokenBody, ...errors(401, 404) },
  },
  catalog: {
    tags: TAG,
    operationId: 'KeystoneShowCatalog',
    summary: 'The service catalog of the caller (token or AK/SK signature)',
    description:
      "The catalog for the caller's project: identity and, for a project-scoped caller, vpcep, each with one public endpoint in the configured region.",
    response: { 200: Type.Object({ catalog: Type.Array(CatalogEntry), links: ListLinks }), ...errors(401) },
  },
  authProjects: {
    tags: TAG,
    operationId: 'KeystoneListAuthProjects',
    summary: 'Projects of the caller’s domain',
    description:
      "The projects of the caller's domain, as the Huawei SDKs and gophertelekomcloud look them up.",
    response: { 200: Type.Object({ projects: Type.Array(ProjectOut), links: ListLinks }), ...errors(401) },
  },
  projects: {
    tags: TAG,
    operationId: 'KeystoneListProjects',
    summary: 'Projects of the caller’s domain, by name (a name not seen before is created)',
    description:
      "The projects of the caller's domain; with ?name=, that project, created in the caller's domain when it is new (the SDKs look a region's project up this way).",
    querystring: ProjectsQuery,
    response: { 200: Type.Object({ projects: Type.Array(ProjectOut), links: ListLinks }), ...errors(401) },
  },
  authDomains: {
    tags: TAG,
    operationId: 'KeystoneListAuthDomains',
    summary: 'The caller’s domain',
    description:
      "The caller's domain (a token's user domain, or the domain of an access key's project).",
    querystring: DomainsQuery,
    response: { 200: Type.Object({ domains: Type.Array(DomainOut), links: ListLinks }), ...errors(401) },
  },
};
