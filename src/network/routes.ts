// Everything under /v2.0: Neutron's paths for the token's project (load balancers, ports, networks,
// subnets), and the tags of VPCs, subnets and load balancers under /v2.0/{project_id}. Unknown /v2.0 paths
// answer in Neutron's format.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { requireCredentials, type Refusal } from '../http/auth.js';
import { documentCredentials } from '../http/openapi.js';
import type { Authenticator } from '../identity/credentials.js';
import { answerNeutronErrors, answerNeutronNotFound, NeutronError, refuseInNeutron } from '../loadbalancers/errors.js';
import type { LoadBalancerContext } from '../loadbalancers/operations.js';
import { neutronRoutes } from '../loadbalancers/routes.js';
import { neutronErrors } from '../loadbalancers/schemas.js';
import { answerVpcErrors, refuseInVpc, VpcError, type VpcErrorCode } from '../vpcs/errors.js';
import type { VpcContext } from '../vpcs/operations.js';
import { vpcErrors } from '../vpcs/schemas.js';
import { companionTagRoutes, type CompanionTagOptions } from './tag-routes.js';

export interface V2Options {
  db: Db;
  vpcs: VpcContext;
  loadbalancers: LoadBalancerContext;
  authenticator: Authenticator;
}

export async function v2Routes(app: FastifyInstance, options: V2Options): Promise<void> {
  const { db, vpcs, loadbalancers, authenticator } = options;
  answerNeutronNotFound(app);
  await app.register(neutronRoutes, { ctx: loadbalancers, authenticator });

  const tagPlugin = (refuse: Refusal, answerErrors: (plugin: FastifyInstance) => void, tags: CompanionTagOptions) =>
    app.register(async (plugin) => {
      plugin.addHook('preParsing', requireCredentials(authenticator, refuse));
      documentCredentials(plugin);
      answerErrors(plugin);
      await companionTagRoutes(plugin, tags);
    });
  // The VPC API's two kinds: invalid requests answer `invalid`, unknown ids `missing`.
  const vpcTagPlugin = (
    type: string,
    label: string,
    operationName: string,
    [invalid, missing]: [VpcErrorCode, VpcErrorCode],
    exists: (projectId: string, id: string) => boolean,
  ) =>
    tagPlugin(refuseInVpc, (plugin) => answerVpcErrors(plugin, invalid), {
      db,
      write: vpcs.write,
      type,
      label,
      operationName,
      exists,
      notFound: (id) => new VpcError(missing, `${label} ${id} does not exist in the project`),
      invalid: (detail) => new VpcError(invalid, detail),
      errors: vpcErrors(404),
    });
  await vpcTagPlugin('vpcs', 'VPC', 'Vpc', ['VPC.0101', 'VPC.0003'], (projectId, id) => vpcs.vpcs.find(projectId, id) !== undefined);
  await vpcTagPlugin('subnets', 'subnet', 'Subnet', ['VPC.0201', 'VPC.0202'], (projectId, id) => vpcs.subnets.find(projectId, id) !== undefined);
  await tagPlugin(refuseInNeutron, answerNeutronErrors, {
    db,
    write: loadbalancers.write,
    type: 'loadbalancers',
    label: 'load balancer',
    operationName: 'LoadBalancer',
    exists: (projectId, id) => loadbalancers.store.find(projectId, id) !== undefined,
    notFound: (id) => new NeutronError('EntityNotFound', `LoadBalancer ${id} could not be found.`),
    invalid: (detail) => new NeutronError('HTTPBadRequest', `Invalid input for operation: ${detail}.`),
    errors: neutronErrors(400, 403, 404),
  });
}
