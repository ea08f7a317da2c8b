// What creating, modifying and deleting an endpoint service does, each in one write, and the
// asynchronous transitions that follow: creating → available, deleting → gone.
import { ApiError } from '../errors.js';
import { checkQuota } from '../quotas/quotas.js';
import { DELETED } from '../runtime/changes.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Delay } from '../runtime/scheduler.js';
import { checkUniqueTagKeys } from '../tags/schemas.js';
import { checkBackendPorts, checkPortMappings } from './ports.js';
import type { CreateServiceRequest, EndpointServiceView, ServiceStatus, UpdateServiceInput } from './schemas.js';
import type { ServiceStore } from './store.js';

export interface ServiceContext extends Runtime {
  store: ServiceStore;
  region: string;
  /** Services a project may have. */
  quota: number;
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
      const project = ctx.store.remove(id);
      if (project !== undefined) noteChange(ctx, id, project, 'deleting', DELETED);
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
    checkQuota('endpoint_service', ctx.store.countInProject(projectId), ctx.quota);
    checkBackendPorts(ctx.store, input.port_id, ports);
    ctx.store.insert({
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
    return findService(ctx, projectId, id);
  });
}

export function updateService(
  ctx: ServiceContext,
  projectId: string,
  id: string,
  input: UpdateServiceInput,
): EndpointServiceView {
  const ports = input.ports && checkPortMappings(input.ports);
  return ctx.write(() => {
    const current = findService(ctx, projectId, id);
    if (current.status !== 'available') {
      throw new ApiError(
        'EndPoint.3045',
        `endpoint service ${id} is ${current.status}; it can be modified only when available`,
      );
    }
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
        ports,
      },
      ctx.clock.now(),
    );
    noteServiceChanged(ctx, current);
    return findService(ctx, projectId, id);
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
