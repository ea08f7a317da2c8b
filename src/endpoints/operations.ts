// What creating and deleting an endpoint does, each in one write, and the asynchronous transitions
// that follow: creating → accepted or pendingAcceptance, deleting → gone.
import type { Accounts } from '../accounts/domains.js';
import type { SubnetAddresses } from '../network/addresses.js';
import type { References } from '../network/references.js';
import { ApiError } from '../errors.js';
import type { PermissionStore } from '../permissions/store.js';
import type { ServiceDirectory, TargetService } from '../public-services/directory.js';
import { checkQuota } from '../quotas/quotas.js';
import { DELETED } from '../runtime/changes.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Delay } from '../runtime/scheduler.js';
import { checkUniqueTagKeys } from '../tags/schemas.js';
import {
  claimAddress,
  defaultRouteTable,
  DEFAULT_POLICY,
  dnsName,
  newMarkerId,
  normalizePolicy,
} from './network.js';
import type {
  CreateEndpointInput,
  CreateEndpointRequest,
  EndpointStatus,
  EndpointView,
  PolicyStatementView,
} from './schemas.js';
import type { EndpointStore, NewEndpoint } from './store.js';

export interface EndpointContext extends Runtime {
  store: EndpointStore;
  directory: ServiceDirectory;
  permissions: PermissionStore;
  accounts: Accounts;
  region: string;
  /** Endpoints a project may have. */
  quota: number;
  /** Addresses an interface endpoint's whitelist may hold (VPCEP_MAX_ENDPOINT_WHITELIST). */
  whitelistMax: number;
  /** Who has addresses in each subnet. */
  addresses: SubnetAddresses;
  /** VPCEP_REFERENCES: which VPC and subnet ids are accepted. */
  references: References;
}

export const ENDPOINT_KIND = 'endpoint';
const REACH_SERVICE = 'endpoint.settled';
const DISAPPEAR = 'endpoint.gone';

export function registerEndpointTransitions(ctx: EndpointContext, delays: { create: Delay; remove: Delay }): void {
  // Whether the owner must accept was fixed when the endpoint was created: changing the service's
  // approval_enabled affects only endpoints created afterwards.
  ctx.scheduler.on(REACH_SERVICE, {
    ...delays.create,
    becomes: 'pendingAcceptance or accepted',
    run: (id) => {
      const reached = ctx.store.reach(id, ctx.clock.now());
      if (reached) noteEndpointChange(ctx, id, reached.project_id, 'creating', reached.status);
    },
  });
  ctx.scheduler.on(DISAPPEAR, {
    ...delays.remove,
    becomes: DELETED,
    run: (id) => {
      const project = ctx.store.remove(id);
      if (project !== undefined) noteEndpointChange(ctx, id, project, 'deleting', DELETED);
    },
  });
}

export function findEndpoint(ctx: EndpointContext, projectId: string, id: string): EndpointView {
  const endpoint = ctx.store.find(projectId, id);
  if (!endpoint) throw new ApiError('EndPoint.0005', `endpoint ${id} does not exist in project ${projectId}`);
  return endpoint;
}

export function createEndpoint(
  ctx: EndpointContext,
  projectId: string,
  input: CreateEndpointRequest,
): EndpointView {
  const tags = checkUniqueTagKeys(input.tags);
  const policy = input.policy_statement && normalizePolicy(input.policy_statement);
  const id = ctx.random.uuid();
  return ctx.write(() => {
    const service = findTarget(ctx, input.endpoint_service_id);
    checkMayConnect(ctx, service, projectId);
    checkQuota('endpoint', ctx.store.countInProject(projectId), ctx.quota);
    const network =
      service.service_type === 'gateway' ? gatewaySide(ctx, projectId, input, policy) : interfaceSide(ctx, projectId, id, input);
    if (network.routetables) checkRouteTablesFree(ctx, service.id, projectId, id, network.routetables);
    ctx.store.insert({
      id,
      project_id: projectId,
      service_id: service.id,
      service_name: service.service_name,
      service_type: service.service_type,
      approval_required: service.approval_enabled,
      marker_id: newMarkerId(ctx.store, ctx.random),
      vpc_id: input.vpc_id,
      subnet_id: input.subnet_id ?? null,
      enable_dns: input.enable_dns,
      ...network,
      specification_name: input.specification_name,
      endpoint_pool_id: ctx.random.uuid(),
      description: input.description,
      created_at: ctx.clock.now(),
      tags,
    });
    ctx.scheduler.schedule(id, REACH_SERVICE);
    noteEndpointChange(ctx, id, projectId, null, 'creating');
    return findEndpoint(ctx, projectId, id);
  });
}

/** Starts the deletion, from any status; deleting an endpoint being deleted already changes nothing. */
export function deleteEndpoint(ctx: EndpointContext, projectId: string, id: string): void {
  ctx.write(() => {
    const current = findEndpoint(ctx, projectId, id);
    if (current.status === 'deleting') return;
    moveEndpoint(ctx, ctx.store, id, current.status, 'deleting');
    ctx.scheduler.schedule(id, DISAPPEAR);
  });
}

/** Moves the endpoint on from the status the caller saw, and records the change. */
export function moveEndpoint(
  ctx: Runtime,
  store: EndpointStore,
  id: string,
  from: EndpointStatus,
  to: EndpointStatus,
): void {
  const project = store.moveFrom(id, from, to, ctx.clock.now());
  if (project !== undefined) noteEndpointChange(ctx, id, project, from, to);
}

export function noteEndpointChange(ctx: Runtime, id: string, project: string, from: string | null, to: string): void {
  ctx.changes.record({ kind: ENDPOINT_KIND, id, project, from, to }, ctx.clock.now());
}

function findTarget(ctx: EndpointContext, serviceId: string): TargetService {
  const service = ctx.directory.findById(serviceId);
  if (!service) throw new ApiError('EndPoint.2003', `endpoint service ${serviceId} does not exist`);
  if (service.status !== 'available') {
    throw new ApiError(
      'EndPoint.2004',
      `endpoint service ${serviceId} is ${service.status}; endpoints connect only to available services`,
    );
  }
  return service;
}

/** Public services admit everyone; others their owner's account and the accounts on their whitelist. */
function checkMayConnect(ctx: EndpointContext, service: TargetService, projectId: string): void {
  if (service.project_id === undefined) return;
  const domainId = ctx.accounts.domainOf(projectId);
  if (domainId === ctx.accounts.domainOf(service.project_id) || ctx.permissions.allows(service.id, domainId)) return;
  throw new ApiError(
    'EndPoint.2012',
    `account ${domainId} is not on the whitelist of endpoint service ${service.id}`,
  );
}

type NetworkSide = Pick<
  NewEndpoint,
  'ip' | 'dns_name' | 'whitelist' | 'enable_whitelist' | 'routetables' | 'policy_statement'
>;

function interfaceSide(
  ctx: EndpointContext,
  projectId: string,
  id: string,
  input: CreateEndpointRequest,
): NetworkSide {
  if (!input.subnet_id) {
    throw new ApiError('EndPoint.2010', 'subnet_id is required to connect to an interface endpoint service');
  }
  checkWhitelistSize(ctx, input.whitelist);
  const subnet = ctx.references.endpointSubnet(projectId, input.vpc_id, input.subnet_id);
  return {
    ip: claimAddress(ctx.addresses, input.subnet_id, input.port_ip, subnet),
    dns_name: input.enable_dns ? dnsName(id, ctx.region) : null,
    whitelist: input.whitelist,
    enable_whitelist: input.enable_whitelist,
    routetables: null,
    policy_statement: null,
  };
}

/** An interface endpoint's whitelist holds at most whitelistMax addresses. */
export function checkWhitelistSize(ctx: EndpointContext, whitelist: string[]): void {
  if (whitelist.length > ctx.whitelistMax) {
    throw new ApiError(
      'EndPoint.2045',
      `whitelist has ${whitelist.length} entries; an endpoint's whitelist holds at most ${ctx.whitelistMax}`,
    );
  }
}

/** A route table backs at most one gateway endpoint of a service (EndPoint.2039). */
function checkRouteTablesFree(
  ctx: EndpointContext,
  serviceId: string,
  projectId: string,
  endpointId: string,
  tables: string[],
): void {
  const [taken] = ctx.store.routeTablesInUse(serviceId, projectId, endpointId, tables);
  if (taken !== undefined) {
    throw new ApiError(
      'EndPoint.2039',
      `route table ${taken} already backs another endpoint of endpoint service ${serviceId}`,
    );
  }
}

/** A gateway endpoint has no address or domain name; an empty routetables means the default one too. */
function gatewaySide(
  ctx: EndpointContext,
  projectId: string,
  input: CreateEndpointInput,
  policy: PolicyStatementView[] | undefined,
): NetworkSide {
  ctx.references.checkVpc(projectId, input.vpc_id);
  return {
    ip: null,
    dns_name: null,
    whitelist: null,
    enable_whitelist: null,
    routetables: input.routetables?.length ? input.routetables : [defaultRouteTable(input.vpc_id)],
    policy_statement: policy ?? DEFAULT_POLICY,
  };
}
