// How identity records look on the wire: the token body, the service catalog, projects and domains.
import { stableHexId } from '../common/stable-id.js';
import type {
  CatalogEntryView,
  DomainView,
  ListLinksView,
  ProjectView,
  TokenView,
} from './schemas.js';
import type { Domain, Project, TokenRecord } from './store.js';

/** Where the caller reaches the emulator and which region it emulates. */
export interface Site {
  baseUrl: string;
  region: string;
}

// OTC's tenant administrator role: clients only show roles, the emulator checks none.
const ROLES = [{ id: stableHexId('role', 'te_admin'), name: 'te_admin' }];

/** Keystone's time format: UTC with microseconds, as keystoneauth and Go's time parser both read. */
export function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export function tokenView(token: TokenRecord, site: Site, withCatalog: boolean): TokenView {
  return {
    expires_at: keystoneTime(token.expiresAt),
    issued_at: keystoneTime(token.issuedAt),
    methods: token.methods,
    user: token.user,
    ...(token.project && { project: token.project }),
    ...(token.domain && { domain: token.domain }),
    roles: ROLES,
    ...(withCatalog && { catalog: catalogFor(site, token.project?.id) }),
  };
}

/**
 * The identity service always; the others only for a project. VPCEP's and the VPC API's URLs end in the
 * project id (clients append resource paths to them as they stand). `network` (the VPC API v1 and
 * Neutron's /v2.0) and `elb` are the bare base URL, as OTC publishes them: gophertelekomcloud adds
 * v1/{project_id}/ or v2.0/ itself. Both region and region_id are set: gophertelekomcloud matches the
 * first, keystoneauth prefers the second.
 */
export function catalogFor(site: Site, projectId: string | undefined): CatalogEntryView[] {
  const entries = [catalogEntry(site, 'identity', 'keystone', `${site.baseUrl}/v3`)];
  if (projectId === undefined) return entries;
  return [
    ...entries,
    catalogEntry(site, 'vpcep', 'vpcep', `${site.baseUrl}/v1/${projectId}`),
    catalogEntry(site, 'network', 'neutron', site.baseUrl),
    catalogEntry(site, 'elb', 'elb', site.baseUrl),
    catalogEntry(site, 'vpc', 'vpc', `${site.baseUrl}/v1/${projectId}`),
  ];
}

function catalogEntry(site: Site, type: string, name: string, url: string): CatalogEntryView {
  return {
    id: stableHexId('service', type),
    type,
    name,
    endpoints: [
      {
        id: stableHexId('endpoint', type, site.region),
        interface: 'public',
        region: site.region,
        region_id: site.region,
        url,
      },
    ],
  };
}

export function projectView(project: Project, baseUrl: string): ProjectView {
  return {
    id: project.id,
    name: project.name,
    domain_id: project.domain.id,
    parent_id: project.domain.id,
    description: '',
    enabled: true,
    is_domain: false,
    links: { self: `${baseUrl}/v3/projects/${project.id}` },
  };
}

export function domainView(domain: Domain, baseUrl: string): DomainView {
  return {
    id: domain.id,
    name: domain.name,
    description: '',
    enabled: true,
    links: { self: `${baseUrl}/v3/domains/${domain.id}` },
  };
}

/** Lists come in one page: next is null, which is how Keystone clients know to stop. */
export function listLinks(self: string): ListLinksView {
  return { self, next: null, previous: null };
}
