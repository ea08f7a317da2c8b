// Accepting and rejecting endpoints, by the owner of the service, in one write. Unlike creation, an
// action takes effect at once: there is nothing asynchronous about it.
import { findService, noteServiceChanged, type ServiceContext } from '../endpoint-services/operations.js';
import { moveEndpoint } from '../endpoints/operations.js';
import type { EndpointStore } from '../endpoints/store.js';
import { ApiError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { refuseRepeats } from '../tags/schemas.js';
import type { ConnectionActionInput, ConnectionView, DescribeConnectionsInput } from './schemas.js';
import type { ConnectionStore } from './store.js';

export interface ConnectionContext extends Runtime {
  services: ServiceContext;
  store: ConnectionStore;
  endpoints: EndpointStore;
}

/**
 * receive → accepted, reject → rejected, from pendingAcceptance, accepted or rejected alike: receiving
 * twice is harmless and a rejected endpoint can still be received.
 */
export function actOnConnection(
  ctx: ConnectionContext,
  projectId: string,
  serviceId: string,
  input: ConnectionActionInput,
): ConnectionView[] {
  const [endpointId] = input.endpoints;
  return ctx.write(() => {
    const service = findService(ctx.services, projectId, serviceId);
    if (service.status !== 'available') {
      // An endpoint accepted now would outlive a service that is being deleted.
      throw new ApiError(
        'EndPoint.3045',
        `endpoint service ${serviceId} is ${service.status}; connections change only while it is available`,
      );
    }
    const connection = ctx.store.find(serviceId, endpointId);
    if (!connection) {
      throw new ApiError(
        'EndPoint.2013',
        `endpoint ${endpointId} is not connected to endpoint service ${serviceId}`,
      );
    }
    switch (connection.status) {
      case 'creating':
        throw new ApiError('EndPoint.2019', `endpoint ${endpointId} has not reached the service yet; try again later`);
      case 'deleting':
        throw new ApiError('EndPoint.2018', `endpoint ${endpointId} is being deleted`);
      case 'failed':
        throw new ApiError('EndPoint.2047', `endpoint ${endpointId} is failed; delete it and create a new one`);
    }
    moveEndpoint(ctx, ctx.endpoints, endpointId, connection.status, input.action === 'receive' ? 'accepted' : 'rejected');
    return [ctx.store.find(serviceId, endpointId)!];
  });
}

/**
 * H5: sets the owner's description of each connection, all or none. Every endpoint must be connected to
 * the service and have reached it (a creating one is not a connection yet); each is named once.
 */
export function describeConnections(
  ctx: ConnectionContext,
  projectId: string,
  serviceId: string,
  input: DescribeConnectionsInput,
): ConnectionView[] {
  refuseRepeats(input.connections.map((c) => c.id), 'EndPoint.0002', (i) => `connections[${i}].id`);
  return ctx.write(() => {
    const service = findService(ctx.services, projectId, serviceId);
    const described = input.connections.map(({ id, description }) => {
      const connection = ctx.store.find(serviceId, id);
      if (!connection) {
        throw new ApiError('EndPoint.2013', `endpoint ${id} is not connected to endpoint service ${serviceId}`);
      }
      if (connection.status === 'creating') {
        throw new ApiError('EndPoint.2019', `endpoint ${id} has not reached the service yet; try again later`);
      }
      ctx.store.describe(serviceId, id, description);
      return id;
    });
    noteServiceChanged(ctx.services, service);
    return described.map((id) => ctx.store.find(serviceId, id)!);
  });
}
