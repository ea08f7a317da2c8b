// The services operations people publish for everyone (vpcep-api.md §4.11): owned by "OTC", always
// available, open to every account and without approval. They live in code, not in the database, so no
// reset removes them, and their ids derive from region and name, so they are the same in every run.
import { outsideBorderGroup } from '../common/schemas.js';
import { formatTimestamp } from '../runtime/clock.js';
import { stableUuid } from '../common/stable-id.js';
import type { ServiceFilter } from '../endpoint-services/store.js';
import type { PublicServiceView } from './schemas.js';

export interface PublicService {
  id: string;
  service_name: string;
  service_type: 'gateway' | 'interface';
  server_type: string;
  created_at: number;
  /** Interface endpoints are billed by the hour; gateway endpoints are free. */
  is_charge: boolean;
  /** Gateway endpoints carry an OBS policy (policy_statement). */
  enable_policy: boolean;
}

export const PUBLIC_OWNER = 'OTC';

// The user guide lists obs (gateway) and dns (interface) in every region and apig in eu-de only. It
// also lists obs-internet in eu-nl, left out here: a search for the obs service by its full name must
// find exactly one (the Terraform data source requires it), and obs-internet's name contains obs's.
const ENTRIES: { suffix: string; service_type: 'gateway' | 'interface'; regions?: string[] }[] = [
  { suffix: 'apig', service_type: 'interface', regions: ['eu-de'] },
  { suffix: 'dns', service_type: 'interface' },
  { suffix: 'obs', service_type: 'gateway' },
];

// The first release of the VPCEP API (change history). All entries share it, and catalogue order
// breaks ties, so the default order (newest first) starts with obs.
const PUBLISHED_AT = Date.UTC(2020, 6, 15);

export function publicCatalogue(region: string): PublicService[] {
  return ENTRIES.filter((e) => !e.regions || e.regions.includes(region)).map((e) => {
    const service_name = `com.t-systems.otc.${region}.${e.suffix}`;
    return {
      id: stableUuid('public endpoint service', service_name),
      service_name,
      service_type: e.service_type,
      server_type: 'LB',
      created_at: PUBLISHED_AT,
      is_charge: e.service_type === 'interface',
      enable_policy: e.service_type === 'gateway',
    };
  });
}

/**
 * The list operation over the catalogue, with the filters of the service list. Public services are
 * always available and never modified, so both sort keys give catalogue order.
 */
export function listPublicServices(
  catalogue: PublicService[],
  filter: ServiceFilter,
): { items: PublicServiceView[]; total: number } {
  const name = filter.endpoint_service_name?.toLowerCase();
  const matching = catalogue.filter(
    (s) =>
      (filter.id === undefined || s.id === filter.id) &&
      (!name || s.service_name.toLowerCase().includes(name)) &&
      (filter.status === undefined || filter.status === 'available') &&
      !outsideBorderGroup(filter.public_border_group),
  );
  const ordered = filter.sort_dir === 'asc' ? matching : [...matching].reverse();
  return {
    items: ordered.slice(filter.offset, filter.offset + filter.limit).map((s) => ({
      id: s.id,
      owner: PUBLIC_OWNER,
      service_name: s.service_name,
      service_type: s.service_type,
      created_at: formatTimestamp(s.created_at),
      is_charge: s.is_charge,
      enable_policy: s.enable_policy,
    })),
    total: matching.length,
  };
}
