// What the Huawei operations change on an existing endpoint (vpcep-api.md §10 H1-H4, and the v2
// upgrade), each in one write: its IP whitelist, its route tables, its policy, its edition. A failed
// endpoint cannot be modified (EndPoint.2047), one being deleted neither (EndPoint.2018).
import { ApiError, tableMessage, type ErrorCode } from '../errors.js';
import { normalizePolicy } from './network.js';
import { checkWhitelistSize, findEndpoint, noteEndpointChange, type EndpointContext } from './operations.js';
import type {
  EndpointView,
  RouteTablesView,
  UpdatePolicyInput,
  UpdateRouteTablesInput,
  UpdateWhitelistInput,
} from './schemas.js';

/** The edition a v2 upgrade makes of an endpoint, as services name it in supported_editions. */
export const PROFESSIONAL = 'profession';

/** Changes the endpoint; answers false when there was nothing to change (then nothing is announced). */
type Change = (ctx: EndpointContext, endpoint: EndpointView, now: number) => boolean | void;

/** Runs the change on the endpoint in one write, announces it, and answers the endpoint as it is now. */
function modify(ctx: EndpointContext, projectId: string, id: string, change: Change): EndpointView {
  return ctx.write(() => {
    const endpoint = findEndpoint(ctx, projectId, id);
    if (endpoint.status === 'failed') {
      throw new ApiError('EndPoint.2047', `endpoint ${id} is failed; delete it and create a new one`);
    }
    if (endpoint.status === 'deleting') throw new ApiError('EndPoint.2018', `endpoint ${id} is being deleted`);
    const changed = change(ctx, endpoint, ctx.clock.now()) !== false;
    if (changed) noteEndpointChange(ctx, id, projectId, endpoint.status, endpoint.status);
    return findEndpoint(ctx, projectId, id);
  });
}

/** Refuses an endpoint of the other type with the code, saying what only `type` endpoints have. */
function requireType(endpoint: EndpointView, type: 'interface' | 'gateway', code: ErrorCode, what: string): void {
  if (endpoint.service_type !== type) {
    throw new ApiError(code, `endpoint ${endpoint.id} is a${endpoint.service_type === 'interface' ? 'n' : ''} ${endpoint.service_type} endpoint; only ${type} endpoints have ${what}`);
  }
}

/** H1: both the whitelist and enable_whitelist are replaced. */
export function updateWhitelist(
  ctx: EndpointContext,
  projectId: string,
  id: string,
  input: UpdateWhitelistInput,
): EndpointView {
  checkWhitelistSize(ctx, input.whitelist);
  return modify(ctx, projectId, id, (c, endpoint, now) => {
    requireType(endpoint, 'interface', 'EndPoint.2044', 'a whitelist');
    c.store.setWhitelist(id, [...new Set(input.whitelist)], input.enable_whitelist, now);
  });
}

/**
 * H2: the endpoint gets the requested route tables but those another endpoint of the same service has,
 * which are reported in bind_failed; if none is left, nothing changes and the answer is EndPoint.2039.
 */
export function updateRouteTables(
  ctx: EndpointContext,
  projectId: string,
  id: string,
  input: UpdateRouteTablesInput,
): RouteTablesView {
  const requested = [...new Set(input.routetables)];
  const failed: string[] = [];
  const endpoint = modify(ctx, projectId, id, (c, current, now) => {
    requireType(current, 'gateway', 'EndPoint.0002', 'route tables');
    failed.push(...c.store.routeTablesInUse(current.endpoint_service_id, projectId, id, requested));
    const bound = requested.filter((table) => !failed.includes(table));
    if (bound.length === 0) {
      throw new ApiError(
        'EndPoint.2039',
        `every requested route table already backs another endpoint of endpoint service ${current.endpoint_service_id}`,
      );
    }
    c.store.setRouteTables(id, bound, now);
  });
  const message = tableMessage('EndPoint.2039');
  return {
    // Just set, and never empty (EndPoint.2039 otherwise).
    routetables: endpoint.routetables!,
    ...(failed.length === 0
      ? {}
      : { error: [{ bind_failed: failed.map((table) => ({ id: table, error_message: message })), unbind_failed: [] }] }),
  };
}

/** H3: the gateway endpoint's policy is replaced ([] allows nothing). */
export function updatePolicy(ctx: EndpointContext, projectId: string, id: string, input: UpdatePolicyInput): EndpointView {
  const policy = normalizePolicy(input.policy_statement);
  return modify(ctx, projectId, id, (c, endpoint, now) => {
    requireType(endpoint, 'gateway', 'EndPoint.2048', 'a policy');
    c.store.setPolicy(id, policy, now);
  });
}

/** H4: the gateway endpoint keeps no policy statement. */
export function removePolicy(ctx: EndpointContext, projectId: string, id: string): EndpointView {
  return modify(ctx, projectId, id, (c, endpoint, now) => {
    requireType(endpoint, 'gateway', 'EndPoint.2049', 'a policy');
    c.store.setPolicy(id, [], now);
  });
}

/** v2 upgrade: the endpoint's specification becomes professional, if its service supports that. */
export function upgradeEndpoint(ctx: EndpointContext, projectId: string, id: string): void {
  modify(ctx, projectId, id, (c, endpoint, now) => {
    const service = c.directory.findById(endpoint.endpoint_service_id);
    if (!service?.supported_editions.includes(PROFESSIONAL)) {
      throw new ApiError(
        'EndPoint.2009',
        `endpoint service ${endpoint.endpoint_service_id} does not support professional endpoints ` +
          '(its supported_editions lack profession)',
      );
    }
    // Upgrading again changes nothing, as for services.
    if (endpoint.specification_name === PROFESSIONAL) return false;
    c.store.setSpecification(id, PROFESSIONAL, now);
  });
}
