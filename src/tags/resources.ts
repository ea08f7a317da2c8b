// The resource kinds the tag API works on. Each kind tells which of its resources a project owns and
// what they are called; the tags themselves live in resource_tags (TagStore), whatever the kind.
import type { ServiceStore } from '../endpoint-services/store.js';
import type { ResourceType } from './schemas.js';

export interface TaggableResource {
  id: string;
  /** resource_name in tag queries: the resource's name, or its ID when it has none. */
  name: string;
}

export interface TaggableResources {
  /** The resource if it exists and belongs to the project. */
  find(projectId: string, id: string): TaggableResource | undefined;
  /** All resources of the project, in the order tag queries return them: newest first. */
  list(projectId: string): TaggableResource[];
}

export type TaggableRegistry = Record<ResourceType, TaggableResources>;

/** Endpoint services are named by their full service_name ({region}.{name}.{id} or {region}.{id}). */
export function endpointServiceResources(store: ServiceStore): TaggableResources {
  return {
    find: (projectId, id) => store.findNamed(projectId, id),
    list: (projectId) => store.listNamed(projectId),
  };
}
