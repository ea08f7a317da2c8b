// The services a project can connect to without owning them: the services of every project, found by
// id or full name, and the public catalogue. Describe and endpoint creation look targets up here.
import { formatTimestamp } from '../runtime/clock.js';
import type { EndpointServiceView } from '../endpoint-services/schemas.js';
import type { ServiceStore } from '../endpoint-services/store.js';
import type { PublicService } from './catalogue.js';

/** A service as a consumer sees it: enough to describe it and to connect to it. */
export interface TargetService {
  id: string;
  service_name: string;
  service_type: string;
  server_type: string;
  created_at: string;
  is_charge: boolean;
  status: string;
  approval_enabled: boolean;
  /** Whether it takes professional endpoints (profession) as well as basic ones. */
  supported_editions: string[];
  /** Whether endpoints to it carry a policy. */
  enable_policy: boolean;
  /** The owner's project; undefined for public services, which belong to no project. */
  project_id: string | undefined;
}

export class ServiceDirectory {
  constructor(
    private readonly store: ServiceStore,
    readonly catalogue: PublicService[],
  ) {}

  findById(id: string): TargetService | undefined {
    const publicService = this.catalogue.find((s) => s.id === id);
    if (publicService) return fromCatalogue(publicService);
    const service = this.store.findById(id);
    return service && fromStore(service);
  }

  findByName(serviceName: string): TargetService | undefined {
    const publicService = this.catalogue.find((s) => s.service_name === serviceName);
    if (publicService) return fromCatalogue(publicService);
    const service = this.store.findByName(serviceName);
    return service && fromStore(service);
  }
}

function fromCatalogue(s: PublicService): TargetService {
  return {
    ...s,
    created_at: formatTimestamp(s.created_at),
    status: 'available',
    approval_enabled: false,
    supported_editions: ['basic'],
    project_id: undefined,
  };
}

function fromStore(s: EndpointServiceView): TargetService {
  return {
    id: s.id,
    service_name: s.service_name,
    service_type: s.service_type,
    server_type: s.server_type,
    created_at: s.created_at,
    // The endpoint is billed unless the service's owner pays for it.
    is_charge: s.payer === 'endpoint',
    status: s.status,
    approval_enabled: s.approval_enabled,
    supported_editions: s.supported_editions,
    enable_policy: s.enable_policy,
    project_id: s.project_id,
  };
}
