// Adding and removing whitelist records, in one write. Only the owner of a service manages its
// whitelist; removing a record leaves the endpoints it let in as they are.
import { findService, noteServiceChanged, type ServiceContext } from '../endpoint-services/operations.js';
import { ANY_ACCOUNT, DOMAIN_PREFIX, type PermissionActionInput } from './schemas.js';
import type { PermissionStore } from './store.js';

export interface PermissionContext {
  services: ServiceContext;
  store: PermissionStore;
}

/** Applies the action to each record and answers with the records as stored, without repeats. */
export function changeWhitelist(
  ctx: PermissionContext,
  projectId: string,
  serviceId: string,
  input: PermissionActionInput,
): string[] {
  const records = [...new Set(input.permissions.map(canonicalRecord))];
  const { write, clock, random } = ctx.services;
  return write(() => {
    const service = findService(ctx.services, projectId, serviceId);
    const now = clock.now();
    for (const record of records) {
      if (input.action === 'add') ctx.store.add(serviceId, random.uuid(), record, now);
      else ctx.store.delete(serviceId, record);
    }
    noteServiceChanged(ctx.services, service);
    return records;
  });
}

/** "iam:domain::*" and "*" both mean every account; the list shows it as "*". */
export function canonicalRecord(record: string): string {
  return record === `${DOMAIN_PREFIX}${ANY_ACCOUNT}` ? ANY_ACCOUNT : record;
}
