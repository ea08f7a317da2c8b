// What creating, modifying and deleting an endpoint service does, each in one write transaction, and
// the asynchronous transitions that follow: creating → available, deleting → gone.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ApiError } from '../errors.js';
import { checkQuota } from '../quotas/quotas.js';
import type { Scheduler } from '../scheduler.js';
import { checkUniqueTagKeys } from '../tags/schemas.js';
import { checkBackendPorts, checkPortMappings } from './ports.js';
import type { CreateServiceRequest, EndpointServiceView, UpdateServiceInput } from './schemas.js';
import type { ServiceStore } from './store.js';

export interface ServiceContext {
  db: Db;
  store: ServiceStore;
  scheduler: Scheduler;
  clock: Clock;
  region: string;
  /** Services a project may have. */
  quota: number;
}

const BECOME_AVAILABLE = 'endpoint_service.available';
const DISAPPEAR = 'endpoint_service.gone';

export function registerServiceTransitions({ scheduler, store, clock }: ServiceContext): void {
  scheduler.on(BECOME_AVAILABLE, (id) => {
    if (store.findById(id)?.status === 'creating') store.setStatus(id, 'available', clock.now());
  });
  // A service keeps its port mappings, and so blocks their reuse, until this moment.
  scheduler.on(DISAPPEAR, (id) => store.remove(id));
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
  const id = randomUUID();
  return ctx.db
    .transaction(() => {
      checkQuota('endpoint_service', ctx.store.countInProject(projectId), ctx.quota);
      checkBackendPorts(ctx.store, input.port_id, ports);
      ctx.store.insert({
        ...input,
        id,
        project_id: projectId,
        region: ctx.region,
        name: input.service_name || undefined,
        pool_id: input.pool_id ?? randomUUID(),
        status: 'creating',
        created_at: ctx.clock.now(),
        ports,
        tags,
      });
      ctx.scheduler.schedule(id, BECOME_AVAILABLE);
      return findService(ctx, projectId, id);
    })
    .immediate();
}

export function updateService(
  ctx: ServiceContext,
  projectId: string,
  id: string,
  input: UpdateServiceInput,
): EndpointServiceView {
  const ports = input.ports && checkPortMappings(input.ports);
  return ctx.db
    .transaction(() => {
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
      return findService(ctx, projectId, id);
    })
    .immediate();
}

/**
 * Starts the deletion; deleting a service that is already being deleted changes nothing. Endpoints
 * that are creating or accepted keep it; endpoints that are being deleted do not.
 */
export function deleteService(ctx: ServiceContext, projectId: string, id: string): void {
  ctx.db
    .transaction(() => {
      const current = findService(ctx, projectId, id);
      if (current.status === 'deleting') return;
      if (current.connection_count > 0) {
        throw new ApiError(
          'EndPoint.3006',
          `endpoint service ${id} has ${current.connection_count} endpoint(s) creating or accepted; ` +
            'delete them first',
        );
      }
      ctx.store.setStatus(id, 'deleting', ctx.clock.now());
      ctx.scheduler.schedule(id, DISAPPEAR);
    })
    .immediate();
}
