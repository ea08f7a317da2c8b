// Requests of the tag API, for the tests in this folder.
import type { FastifyInstance } from 'fastify';
import { PROJECT, call } from '../helper.js';

export function tagAction(app: FastifyInstance, type: string, id: string, body: unknown, project = PROJECT) {
  return call(app, 'POST', `/${type}/${id}/tags/action`, body, project);
}

export function projectTags(app: FastifyInstance, type: string, project = PROJECT) {
  return call(app, 'GET', `/${type}/tags`, undefined, project);
}

export function findResources(app: FastifyInstance, type: string, body: unknown, project = PROJECT) {
  return call(app, 'POST', `/${type}/resource_instances/action`, body, project);
}

/** The tags of an endpoint service as its GET answers them. */
export async function serviceTags(app: FastifyInstance, id: string, project = PROJECT): Promise<unknown[]> {
  return (await call(app, 'GET', `/vpc-endpoint-services/${id}`, undefined, project)).body.tags;
}

/** `n` tags k0=v0, k1=v1, ... (keys carry `prefix`). */
export function numberedTags(n: number, prefix = 'k'): { key: string; value: string }[] {
  return Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));
}
