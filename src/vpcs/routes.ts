// HTTP binding of the VPC API v1 under /v1/{project_id}: VPCs and subnets, answering errors in the VPC
// format ({"code","message"}); invalid VPC requests are VPC.0101, invalid subnet requests VPC.0201.
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../identity/credentials.js';
import { requireCredentials } from '../http/auth.js';
import { documentCredentials } from '../http/openapi.js';
import { answerVpcErrors, refuseInVpc, VpcError } from './errors.js';
import { createVpc, deleteVpc, findVpc, updateVpc, type VpcContext } from './operations.js';
import {
  subnetRouteSchemas,
  vpcRouteSchemas,
  type CreateSubnetInput,
  type CreateVpcInput,
  type ListQueryInput,
  type UpdateSubnetInput,
  type UpdateVpcInput,
} from './schemas.js';
import { subnetView, vpcView } from './store.js';
import { createSubnet, deleteSubnet, findSubnet, updateSubnet } from './subnets.js';

interface ProjectRoute {
  Params: { project_id: string };
}
interface VpcRoute {
  Params: { project_id: string; vpc_id: string };
}
interface SubnetRoute {
  Params: { project_id: string; subnet_id: string };
}
interface VpcSubnetRoute {
  Params: { project_id: string; vpc_id: string; subnet_id: string };
}

export interface VpcRouteOptions {
  ctx: VpcContext;
  authenticator: Authenticator;
}

export async function vpcApiRoutes(app: FastifyInstance, { ctx, authenticator }: VpcRouteOptions): Promise<void> {
  app.addHook('preParsing', requireCredentials(authenticator, refuseInVpc));
  documentCredentials(app);
  await app.register(vpcRoutes, ctx);
  await app.register(subnetRoutes, ctx);
}

async function vpcRoutes(app: FastifyInstance, ctx: VpcContext): Promise<void> {
  answerVpcErrors(app, 'VPC.0101');

  app.post<ProjectRoute & { Body: { vpc: CreateVpcInput } }>(
    '/vpcs',
    { schema: vpcRouteSchemas.create },
    async (request) => ({ vpc: vpcView(createVpc(ctx, request.params.project_id, request.body.vpc)) }),
  );

  app.get<ProjectRoute & { Querystring: ListQueryInput }>(
    '/vpcs',
    { schema: vpcRouteSchemas.list },
    async (request) => {
      const vpcs = ctx.vpcs.list(request.params.project_id, request.query);
      if (!vpcs) throw new VpcError('VPC.0101', `marker ${request.query.marker} is not a VPC of the project`);
      return { vpcs: vpcs.map(vpcView) };
    },
  );

  app.get<VpcRoute>('/vpcs/:vpc_id', { schema: vpcRouteSchemas.get }, async (request) => ({
    vpc: vpcView(findVpc(ctx, request.params.project_id, request.params.vpc_id)),
  }));

  app.put<VpcRoute & { Body: { vpc: UpdateVpcInput } }>(
    '/vpcs/:vpc_id',
    { schema: vpcRouteSchemas.update },
    async (request) => ({
      vpc: vpcView(updateVpc(ctx, request.params.project_id, request.params.vpc_id, request.body.vpc)),
    }),
  );

  app.delete<VpcRoute>('/vpcs/:vpc_id', { schema: vpcRouteSchemas.remove }, async (request, reply) => {
    deleteVpc(ctx, request.params.project_id, request.params.vpc_id);
    return reply.code(204).send();
  });
}

async function subnetRoutes(app: FastifyInstance, ctx: VpcContext): Promise<void> {
  answerVpcErrors(app, 'VPC.0201');

  app.post<ProjectRoute & { Body: { subnet: CreateSubnetInput } }>(
    '/subnets',
    { schema: subnetRouteSchemas.create },
    async (request) => ({ subnet: subnetView(createSubnet(ctx, request.params.project_id, request.body.subnet)) }),
  );

  app.get<ProjectRoute & { Querystring: ListQueryInput }>(
    '/subnets',
    { schema: subnetRouteSchemas.list },
    async (request) => {
      const { vpc_id: vpcId, ...page } = request.query;
      const subnets = ctx.subnets.list(request.params.project_id, page, vpcId);
      if (!subnets) throw new VpcError('VPC.0201', `marker ${page.marker} is not a subnet of the project`);
      return { subnets: subnets.map(subnetView) };
    },
  );

  app.get<SubnetRoute>('/subnets/:subnet_id', { schema: subnetRouteSchemas.get }, async (request) => ({
    subnet: subnetView(findSubnet(ctx, request.params.project_id, request.params.subnet_id)),
  }));

  app.put<VpcSubnetRoute & { Body: { subnet: UpdateSubnetInput } }>(
    '/vpcs/:vpc_id/subnets/:subnet_id',
    { schema: subnetRouteSchemas.update },
    async (request) => {
      const { project_id, vpc_id, subnet_id } = request.params;
      const updated = updateSubnet(ctx, project_id, vpc_id, subnet_id, request.body.subnet);
      return { subnet: { id: updated.id, status: updated.status } };
    },
  );

  app.delete<VpcSubnetRoute>(
    '/vpcs/:vpc_id/subnets/:subnet_id',
    { schema: subnetRouteSchemas.remove },
    async (request, reply) => {
      const { project_id, vpc_id, subnet_id } = request.params;
      deleteSubnet(ctx, project_id, vpc_id, subnet_id);
      return reply.code(204).send();
    },
  );
}
