// GET /_emulator/resources: every project's resources as their owners see them, in one answer. The
// dashboard reads the state from here rather than from the cloud API, so that an open dashboard never
// adds to the request journal nor sets off a fault rule a test installed, and works in strict mode too.
import { isoTime } from '../common/schemas.js';
import type { Emulator } from '../emulator.js';
import { listPublicServices } from '../public-services/catalogue.js';

/** Everything (or one project's services and endpoints), with what is pending for each resource. */
export function resourcesOverview(emulator: Emulator, projectId: string | undefined) {
  const { services, endpoints, connections, permissions, directory, scheduler } = emulator;
  const pending = new Map(
    scheduler.listPending().map((p) => [
      p.resource_id,
      {
        action: p.action,
        becomes: p.transition.becomes,
        due_at: p.due_at === null ? null : isoTime(p.due_at),
        setting: p.transition.setting,
      },
    ]),
  );
  const pendingFor = (id: string) => pending.get(id) ?? null;
  const connectionsOf = connections.store.allByService();
  const whitelists = permissions.store.allByService();
  const catalogue = directory.catalogue;
  return {
    projects: endpoints.accounts.projects().filter((p) => projectId === undefined || p.id === projectId),
    endpoint_services: services.store.listAll(projectId).map((service) => ({
      service,
      connections: connectionsOf.get(service.id) ?? [],
      permissions: whitelists.get(service.id) ?? [],
      pending: pendingFor(service.id),
    })),
    endpoints: endpoints.store.listAll(projectId).map((endpoint) => ({ endpoint, pending: pendingFor(endpoint.id) })),
    public_services: listPublicServices(catalogue, {
      limit: catalogue.length,
      offset: 0,
      sort_key: 'created_at',
      sort_dir: 'desc',
    }).items,
  };
}
