// What creating, modifying and deleting an endpoint service does, each in one write, and the
// asynchronous transitions that follow: creating → available, deleting → gone.
import { ApiError } from '../errors.js';
import type { References } from '../network/references.js';
import { checkQuota } from '../quotas/quotas.js';
import { DELETED } from '../runtime/changes.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Delay } from '../runtime/scheduler.js';
import { checkUniqueTagKeys } from '../tags/schemas.js';
import { checkBackendPorts, checkPortMappings } from './ports.js';
import type {
  AddServerResourcesInput,
  CreateServiceRequest,
  EndpointServiceView,
  ServiceStatus,
  UpdateServiceInput,
  UpgradeServiceInput,
} from './schemas.js';
import type { ServiceStore } from './store.js';

export interface ServiceContext extends Runtime {
  store: ServiceStore;
  region: string;
  /** Services a project may have. */
  quota: number;
  /** VPCEP_REFERENCES: which VPC and port ids are accepted. */
  references: References;
  /** Told when no service uses a backend port any more (a load balancer may be waiting for that). */
  portReleased(portId: string): void;
}

export const SERVICE_KIND = 'endpoint_service';
const BECOME_AVAILABLE = 'endpoint_service.available';
const DISAPPEAR = 'endpoint_service.gone';

export function registerServiceTransitions(ctx: ServiceContext, delays: { create: Delay; remove: Delay }): void {
  ctx.scheduler.on(BECOME_AVAILABLE, {
    ...delays.create,
    becomes: 'available',
    run: (id) => moveStatus(ctx, id, 'creating', 'available'),
  });
  // A service keeps its port mappings, and so blocks their reuse, until this moment.
  ctx.scheduler.on(DISAPPEAR, {
    ...delays.remove,
    becomes: DELETED,
    run: (id) => {
      const portId = ctx.store.findById(id)?.port_id;
      const project = ctx.store.remove(id);
      if (project === undefined) return;
      noteChange(ctx, id, project, 'deleting', DELETED);
      ctx.portReleased(portId!);
    },
  });
}

export function findService(ctx: ServiceContext, projectId: string, id: string): EndpointServiceView {
  const service = ctx.store.find(projectId, id);
  if (!service) {
    throw new ApiError('EndPoint.0005', `endpoint service ${id} does not exist in project ${projectId}`);
  }
  return service;
}

export function createService(
  ctx: ServiceContext,
  projectId: string,
  input: CreateServiceRequest,
): EndpointServiceView {
  const ports = checkPortMappings(input.ports);
  const tags = checkUniqueTagKeys(input.tags);
  const id = ctx.random.uuid();
  return ctx.write(() => {
    ctx.references.checkServiceBackend(projectId, input.vpc_id, input.port_id);
    checkQuota('endpoint_service', ctx.store.countInProject(projectId), ctx.quota);
    checkBackendPorts(ctx.store, input.port_id, ports);
    const created = ctx.store.insert({
      ...input,
      id,
      project_id: projectId,
      region: ctx.region,
      name: input.service_name || undefined,
      pool_id: input.pool_id ?? ctx.random.uuid(),
      status: 'creating',
      created_at: ctx.clock.now(),
      ports,
      tags,
    });
    ctx.scheduler.schedule(id, BECOME_AVAILABLE);
    noteChange(ctx, id, projectId, null, 'creating');
    return created;
  });
}

export function updateService(
  ctx: ServiceContext,
  projectId: string,
  id: string,
  input: UpdateServiceInput,
): EndpointServiceView {
  const ports = input.ports && checkPortMappings(input.ports);
  if (input.port_id !== undefined && input.ip !== undefined) {
    throw new ApiError('EndPoint.3052', 'give port_id or ip, not both');
  }
  return ctx.write(() => {
    const current = findAvailableService(ctx, projectId, id);
    if (input.port_id !== undefined) ctx.references.checkServiceBackend(projectId, current.vpc_id, input.port_id);
    if (ports || input.port_id) {
      checkBackendPorts(ctx.store, input.port_id ?? current.port_id, ports ?? current.ports, id);
    }
    ctx.store.update(
      current,
      {
        name: input.service_name,
        approval_enabled: input.approval_enabled,
        port_id: input.port_id,
        tcp_proxy: input.tcp_proxy,
        description: input.description,
        ip: input.ip,
        ports,
      },
      ctx.clock.now(),
    );
    noteServiceChanged(ctx, current);
    if (input.port_id !== undefined && input.port_id !== current.port_id) ctx.portReleased(current.port_id);
    return findService(ctx, projectId, id);
  });
}

/** Only an available service may be changed (EndPoint.3045). */
function findAvailableService(ctx: ServiceContext, projectId: string, id: string): EndpointServiceView {
  const current = findService(ctx, projectId, id);
  if (current.status !== 'available') {
    throw new ApiError(
      'EndPoint.3045',
      `endpoint service ${id} is ${current.status}; it can be modified only when available`,
    );
  }
  return current;
}

/**
 * v2 upgrade: an upgraded service takes professional endpoints as well as basic ones; a rollback
 * leaves it basic only. Doing either twice changes nothing more.
 */
export function upgradeService(ctx: ServiceContext, projectId: string, id: string, input: UpgradeServiceInput): void {
  ctx.write(() => {
    const current = findAvailableService(ctx, projectId, id);
    const editions = input.action === 'upgrade' ? ['basic', 'profession'] : ['basic'];
    if (editions.join() === current.supported_editions.join()) return;
    ctx.store.setEditions(id, editions, ctx.clock.now());
    noteServiceChanged(ctx, current);
  });
}

/** v2 add-server-resources: more backend load balancers behind an LB service (kept, shown in the state). */
export function addServerResources(
  ctx: ServiceContext,
  projectId: string,
  id: string,
  input: AddServerResourcesInput,
): void {
  ctx.write(() => {
    const current = findAvailableService(ctx, projectId, id);
    if (current.server_type !== 'LB') {
      throw new ApiError(
        'EndPoint.3021',
        `endpoint service ${id} has server_type ${current.server_type}; only LB services take server resources`,
      );
    }
    ctx.store.addServerResources(id, input.server_resources, ctx.clock.now());
    noteServiceChanged(ctx, current);
  });
}

/**
 * Starts the deletion; deleting a service that is already being deleted changes nothing. Endpoints
 * that are creating or accepted keep it; endpoints that are being deleted do not.
 */
export function deleteService(ctx: ServiceContext, projectId: string, id: string): void {
  ctx.write(() => {
    const current = findService(ctx, projectId, id);
    if (current.status === 'deleting') return;
    if (current.connection_count > 0) {
      throw new ApiError(
        'EndPoint.3006',
        `endpoint service ${id} has ${current.connection_count} endpoint(s) creating or accepted; ` +
          'delete them first',
      );
    }
    moveStatus(ctx, id, current.status, 'deleting');
    ctx.scheduler.schedule(id, DISAPPEAR);
  });
}

/** Records that a service changed without changing its status (a modification, its whitelist). */
export function noteServiceChanged(ctx: ServiceContext, service: EndpointServiceView): void {
  noteChange(ctx, service.id, service.project_id, service.status, service.status);
}

function moveStatus(ctx: ServiceContext, id: string, from: ServiceStatus, to: ServiceStatus): void {
  const project = ctx.store.moveFrom(id, from, to, ctx.clock.now());
  if (project !== undefined) noteChange(ctx, id, project, from, to);
}

function noteChange(ctx: ServiceContext, id: string, project: string, from: string | null, to: string): void {
  ctx.changes.record({ kind: SERVICE_KIND, id, project, from, to }, ctx.clock.now());
}
