// Adding and removing whitelist records, in one write each. Only the owner of a service manages its
// whitelist; removing a record leaves the endpoints it let in as they are. A service holds at most
// whitelistMax records (VPCEP_MAX_SERVICE_WHITELIST): a change that would go past it changes nothing.
import { findService, noteServiceChanged, type ServiceContext } from '../endpoint-services/operations.js';
import type { EndpointServiceView } from '../endpoint-services/schemas.js';
import { ApiError } from '../errors.js';
import {
  ANY_ACCOUNT,
  DOMAIN_PREFIX,
  type BatchCreateInput,
  type BatchDeleteInput,
  type PermissionActionInput,
  type PermissionView,
} from './schemas.js';
import type { PermissionStore } from './store.js';

export interface PermissionContext {
  services: ServiceContext;
  store: PermissionStore;
  /** Records a service's whitelist may hold. */
  whitelistMax: number;
}

/** Runs the change on the service's whitelist in one write, refusing a result over the maximum. */
function changeRecords<T>(
  ctx: PermissionContext,
  projectId: string,
  serviceId: string,
  change: (service: EndpointServiceView, now: number) => T,
): T {
  const { write, clock } = ctx.services;
  return write(() => {
    const service = findService(ctx.services, projectId, serviceId);
    const result = change(service, clock.now());
    const count = ctx.store.count(serviceId);
    if (count > ctx.whitelistMax) {
      throw new ApiError(
        'EndPoint.3049',
        `endpoint service ${serviceId} would have ${count} whitelist records; it may have at most ${ctx.whitelistMax}`,
      );
    }
    noteServiceChanged(ctx.services, service);
    return result;
  });
}

/** Applies the action to each record and answers with the records as stored, without repeats. */
export function changeWhitelist(
  ctx: PermissionContext,
  projectId: string,
  serviceId: string,
  input: PermissionActionInput,
): string[] {
  const records = [...new Set(input.permissions.map(canonicalRecord))];
  return changeRecords(ctx, projectId, serviceId, (_service, now) => {
    for (const record of records) {
      if (input.action === 'add') ctx.store.add(serviceId, ctx.services.random.uuid(), record, now);
      else ctx.store.delete(serviceId, record);
    }
    return records;
  });
}

/** H7: adds the records with their descriptions (the last one given for a repeated record) and answers them. */
export function addRecords(
  ctx: PermissionContext,
  projectId: string,
  serviceId: string,
  input: BatchCreateInput,
): PermissionView[] {
  const described = new Map(input.permissions.map((p) => [canonicalRecord(p.permission), p.description]));
  return changeRecords(ctx, projectId, serviceId, (_service, now) => {
    for (const [record, description] of described) {
      ctx.store.put(serviceId, ctx.services.random.uuid(), record, description, now);
    }
    return ctx.store.records(serviceId, [...described.keys()]);
  });
}

/** H8: removes the records by id, all or none, and answers the records that remain. */
export function removeRecords(
  ctx: PermissionContext,
  projectId: string,
  serviceId: string,
  input: BatchDeleteInput,
): PermissionView[] {
  return changeRecords(ctx, projectId, serviceId, () => {
    for (const { id } of new Map(input.permissions.map((p) => [p.id, p])).values()) {
      if (!ctx.store.deleteById(serviceId, id)) throw missingRecord(serviceId, id);
    }
    return ctx.store.all(serviceId);
  });
}

/** H6: sets one record's description and answers it. */
export function describeRecord(
  ctx: PermissionContext,
  projectId: string,
  serviceId: string,
  id: string,
  description: string,
): PermissionView {
  return changeRecords(ctx, projectId, serviceId, () => {
    if (!ctx.store.find(serviceId, id)) throw missingRecord(serviceId, id);
    ctx.store.describe(serviceId, id, description);
    return ctx.store.find(serviceId, id)!;
  });
}

function missingRecord(serviceId: string, id: string): ApiError {
  return new ApiError('EndPoint.0005', `endpoint service ${serviceId} has no whitelist record ${id}`);
}

/** "iam:domain::*" and "*" both mean every account; the list shows it as "*". */
export function canonicalRecord(record: string): string {
  return record === `${DOMAIN_PREFIX}${ANY_ACCOUNT}` ? ANY_ACCOUNT : record;
}
