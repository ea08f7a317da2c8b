// The emulator without HTTP: the database, the clock, the scheduler, every resource's store and rules,
// and the one state object that resets, exports and imports all of them. buildApp() puts HTTP in front.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { Accounts } from './accounts/domains.js';
import type { ResourceErrorView } from './common/schemas.js';
import { delayOf, type Config } from './config.js';
import type { ConnectionContext } from './connections/operations.js';
import { ConnectionStore } from './connections/store.js';
import { closeDatabase, openDatabase } from './db/database.js';
import { Settings } from './db/settings.js';
import { exportedError, State } from './db/state.js';
import type { StatusColumn } from './db/status.js';
import { writer } from './db/write.js';
import { registerServiceTransitions, SERVICE_KIND, type ServiceContext } from './endpoint-services/operations.js';
import { SERVICE_STATUSES } from './endpoint-services/schemas.js';
import { serviceState } from './endpoint-services/state.js';
import { ServiceStore } from './endpoint-services/store.js';
import { ENDPOINT_KIND, registerEndpointTransitions, type EndpointContext } from './endpoints/operations.js';
import { ENDPOINT_STATUSES, type EndpointView } from './endpoints/schemas.js';
import { endpointState } from './endpoints/state.js';
import { EndpointStore, taggableEndpoints } from './endpoints/store.js';
import { compileDocumentCheck } from './http/validation.js';
import { identityState } from './identity/state.js';
import { IdentityStore } from './identity/store.js';
import { UserDirectory } from './identity/users.js';
import type { IdentityContext } from './identity/tokens.js';
import type { PermissionContext } from './permissions/operations.js';
import { PermissionStore } from './permissions/store.js';
import { publicCatalogue } from './public-services/catalogue.js';
import { ServiceDirectory } from './public-services/directory.js';
import type { QuotaContext } from './quotas/routes.js';
import { ChangeFeed } from './runtime/changes.js';
import { EmulatorClock, systemClock, type Clock } from './runtime/clock.js';
import { pendingState } from './runtime/pending-state.js';
import { cryptoRandom, type Random } from './runtime/random.js';
import { failResource, type Runtime } from './runtime/runtime.js';
import { Scheduler } from './runtime/scheduler.js';
import { StartupError } from './startup-error.js';
import type { TagContext } from './tags/operations.js';
import { SubnetAddresses } from './network/addresses.js';
import { References } from './network/references.js';
import {
  keptBy,
  LOADBALANCER_KIND,
  registerLoadBalancerTransitions,
  releasePort,
  type LoadBalancerContext,
} from './loadbalancers/operations.js';
import { LOADBALANCER_STATUSES } from './loadbalancers/schemas.js';
import { loadBalancerState } from './loadbalancers/state.js';
import { loadBalancerView, LoadBalancerStore } from './loadbalancers/store.js';
import { registerVpcTransitions, SUBNET_KIND, VPC_KIND, type VpcContext } from './vpcs/operations.js';
import { SUBNET_STATUSES, VPC_STATUSES } from './vpcs/schemas.js';
import { subnetState, vpcState } from './vpcs/state.js';
import { SubnetStore, subnetView, VpcStore, vpcView } from './vpcs/store.js';
import { endpointServiceResources } from './tags/resources.js';
import { TagStore } from './tags/store.js';

export interface EmulatorOptions {
  config: Config;
  logger: Logger;
  /** Real time; the emulator's clock runs this plus the offset the test-control API adds. */
  clock?: Clock;
  random?: Random;
}

/** A resource as the test-control API sees it: any project's, by id. */
export interface FoundResource {
  kind: string;
  id: string;
  project_id: string;
  status: string;
  /** What its owner sees in a GET. */
  view: object;
  /** Why it failed, while it is in its kind's failed status. */
  error?: ResourceErrorView;
}

/** A kind of resource with a lifecycle, as the test-control API works with it (wait, fail, settle). */
export interface ResourceKind {
  kind: string;
  /** How explanations name it: "service", "endpoint". */
  label: string;
  statuses: readonly string[];
  /** The status a failed resource has: failed for VPCEP's resources, ERROR for the companion APIs'. */
  failedStatus: string;
  find(id: string): FoundResource | undefined;
  /** Ends it in its failed status with the error; what was pending for it is cancelled. */
  fail(id: string, error: ResourceErrorView): void;
  /** Who it waits for in this status when nothing is scheduled, if anyone. */
  waitingFor?(found: FoundResource): string | undefined;
}

const CLOCK_OFFSET = 'clock_offset_ms';

export type Emulator = ReturnType<typeof createEmulator>;

export function createEmulator(options: EmulatorOptions) {
  const { config, logger } = options;
  const db = openDatabase(config.db);
  const settings = new Settings(db);
  const changes = new ChangeFeed((err) => logger.error({ err }, 'a state change listener failed'));
  const write = writer(db, changes);
  const clock = new EmulatorClock(options.clock ?? systemClock, Number(settings.get(CLOCK_OFFSET) ?? 0), (offset) =>
    settings.set(CLOCK_OFFSET, String(offset)),
  );
  const random = options.random ?? cryptoRandom;
  const scheduler = new Scheduler(db, write, clock, logger, random);
  const runtime: Runtime = { write, clock, random, scheduler, changes };

  // The companion APIs (VPC v1, ELB v2), and what VPCEP makes of the ids that refer to them.
  const vpcStores = { vpcs: new VpcStore(db), subnets: new SubnetStore(db) };
  const loadBalancerStore = new LoadBalancerStore(db);
  const addresses = new SubnetAddresses(db);
  const references = new References(config.references, vpcStores.vpcs, vpcStores.subnets, loadBalancerStore);
  const networkDelay = { spec: config.delayNetwork, setting: 'VPCEP_DELAY_NETWORK' };
  const vpcs: VpcContext = { ...runtime, ...vpcStores, addresses };
  registerVpcTransitions(vpcs, networkDelay);

  const identity: IdentityContext = {
    ...runtime,
    store: new IdentityStore(db),
    region: config.region,
    users: config.auth === 'strict' ? new UserDirectory(config.users) : undefined,
  };
  const services: ServiceContext = {
    ...runtime,
    store: new ServiceStore(db),
    region: config.region,
    quota: config.quotaServices,
    references,
    portReleased: (portId) => releasePort(loadbalancers, portId),
  };
  const loadbalancers: LoadBalancerContext = {
    ...runtime,
    store: loadBalancerStore,
    subnets: vpcStores.subnets,
    addresses,
    servicesOnPort: (portId) => services.store.onPort(portId),
  };
  registerLoadBalancerTransitions(loadbalancers, networkDelay);
  registerServiceTransitions(services, {
    create: delayOf(config, 'serviceCreate'),
    remove: delayOf(config, 'serviceDelete'),
  });
  const directory = new ServiceDirectory(services.store, publicCatalogue(config.region));
  const permissions: PermissionContext = {
    services,
    store: new PermissionStore(db),
    whitelistMax: config.maxServiceWhitelist,
  };
  const endpoints: EndpointContext = {
    ...runtime,
    store: new EndpointStore(db),
    directory,
    permissions: permissions.store,
    accounts: new Accounts(db),
    region: config.region,
    quota: config.quotaEndpoints,
    whitelistMax: config.maxEndpointWhitelist,
    addresses,
    references,
  };
  registerEndpointTransitions(endpoints, {
    create: delayOf(config, 'endpointCreate'),
    remove: delayOf(config, 'endpointDelete'),
  });
  const connections: ConnectionContext = {
    ...runtime,
    services,
    store: new ConnectionStore(db),
    endpoints: endpoints.store,
  };
  const tags: TagContext = {
    write,
    store: new TagStore(db),
    // One entry per resource_type of the tag API.
    resources: {
      endpoint_service: endpointServiceResources(services.store),
      endpoint: taggableEndpoints(endpoints.store),
    },
  };
  const quotas: QuotaContext = {
    quotas: { endpoint_service: config.quotaServices, endpoint: config.quotaEndpoints },
    used: {
      endpoint_service: (projectId) => services.store.countInProject(projectId),
      endpoint: (projectId) => endpoints.store.countInProject(projectId),
    },
  };

  const kinds: ResourceKind[] = [
    {
      kind: SERVICE_KIND,
      label: 'service',
      statuses: SERVICE_STATUSES,
      failedStatus: 'failed',
      find: (id) => found(SERVICE_KIND, services.store.findById(id)),
      fail: (id, error) => failResource(runtime, SERVICE_KIND, services.store, id, error),
    },
    {
      kind: ENDPOINT_KIND,
      label: 'endpoint',
      statuses: ENDPOINT_STATUSES,
      failedStatus: 'failed',
      find: (id) => found(ENDPOINT_KIND, endpoints.store.findById(id)),
      fail: (id, error) => failResource(runtime, ENDPOINT_KIND, endpoints.store, id, error),
      waitingFor: ({ status, view }) => {
        const serviceId = (view as EndpointView).endpoint_service_id;
        if (status === 'pendingAcceptance') return `waiting for the owner of service ${serviceId} to accept the connection`;
        if (status === 'rejected') return `the owner of service ${serviceId} rejected the connection`;
        return undefined;
      },
    },
    companionKind(runtime, { kind: VPC_KIND, label: 'VPC', statuses: VPC_STATUSES }, vpcStores.vpcs, vpcView),
    companionKind(runtime, { kind: SUBNET_KIND, label: 'subnet', statuses: SUBNET_STATUSES }, vpcStores.subnets, subnetView),
    {
      ...companionKind(
        runtime,
        { kind: LOADBALANCER_KIND, label: 'load balancer', statuses: LOADBALANCER_STATUSES },
        loadBalancerStore,
        loadBalancerView,
        'provisioning_status',
      ),
      waitingFor: ({ view }) => keptBy(loadbalancers, view as { provisioning_status: string; vip_port_id: string }),
    },
  ];
  const findAny = (id: string) => kinds.map((k) => k.find(id)).find((r) => r !== undefined);

  // Identity first and pending transitions last: later sections refer to earlier ones.
  const state = new State(
    write,
    [
      identityState(db),
      vpcState(db, { ...vpcStores, clock, random }),
      subnetState(db, { ...vpcStores, clock, random }),
      loadBalancerState(db, { store: loadBalancerStore, subnets: vpcStores.subnets, addresses, clock, random }),
      serviceState(db, { region: config.region, clock, random }),
      endpointState(db, { region: config.region, clock, random, store: endpoints.store, directory, addresses, references }),
      pendingState(db, scheduler, (id) => findAny(id) !== undefined),
    ],
    (what) => {
      scheduler.rearm();
      write(() => changes.record({ kind: 'state', id: what, project: '', from: null, to: what }, clock.now()));
    },
  );
  if (config.seed !== undefined && state.isEmpty()) loadSeed(state, config.seed);

  return {
    config,
    db,
    clock,
    random,
    scheduler,
    changes,
    identity,
    services,
    directory,
    permissions,
    endpoints,
    connections,
    tags,
    quotas,
    vpcs,
    loadbalancers,
    references,
    kinds,
    state,
    /** The resource of any kind and project with this id. */
    findAny,
    start: () => scheduler.start(),
    close: () => {
      scheduler.stop();
      closeDatabase(db);
    },
  };
}

function found(
  kind: string,
  view: { id: string; project_id: string; status: string; error?: ResourceErrorView[] } | undefined,
): FoundResource | undefined {
  return view && { kind, id: view.id, project_id: view.project_id, status: view.status, view, error: view.error?.[0] };
}

type CompanionRecord = { id: string; project_id: string; error_code: string | null; error_message: string | null };

/**
 * A companion resource kind (VPC, subnet, load balancer) for the test-control API: found in its store, shown
 * as its API shows it, failed into ERROR through its status column with the error kept beside it.
 */
function companionKind<R extends CompanionRecord, K extends keyof R>(
  runtime: Runtime,
  kind: Pick<ResourceKind, 'kind' | 'label' | 'statuses'>,
  store: { findById(id: string): R | undefined; status: StatusColumn },
  view: (record: R) => object,
  statusKey: K = 'status' as K,
): ResourceKind {
  const stored = (id: string) => {
    const record = store.findById(id);
    return record && { project_id: record.project_id, status: String(record[statusKey]) };
  };
  return {
    ...kind,
    failedStatus: 'ERROR',
    find: (id) => {
      const record = store.findById(id);
      if (!record) return undefined;
      return { kind: kind.kind, id, ...stored(id)!, view: view(record), error: exportedError(record) ?? undefined };
    },
    fail: (id, error) =>
      failResource(runtime, kind.kind, { findById: stored, fail: (rid, e, now) => store.status.fail(rid, e, now) }, id, error, 'ERROR'),
  };
}

/** VPCEP_SEED: a state document, checked like PUT /_emulator/state; any problem stops the start. */
function loadSeed(state: State, path: string): void {
  const fail = (problem: string) => new StartupError(`VPCEP_SEED ${path}: ${problem}`);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw fail((err as Error).message);
  }
  const problem = compileDocumentCheck(state.documentSchema)(document);
  if (problem) throw fail(problem);
  try {
    state.import(document as Record<string, unknown>);
  } catch (err) {
    throw fail((err as Error).message);
  }
}
