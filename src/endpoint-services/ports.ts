// The port-mapping rules of create and modify (vpcep-api.md §3.1): within one service no two mappings
// share (client_port, protocol) or (server_port, protocol); among all services on the same backend
// port_id, in any project, a (server_port, protocol) pair appears once.
import { ApiError } from '../errors.js';
import type { PortMappingInput } from './schemas.js';
import type { PortMapping, ServiceStore } from './store.js';

/** Applies the protocol default and checks that the request does not repeat itself. */
export function checkPortMappings(input: PortMappingInput[]): PortMapping[] {
  const ports = input.map(({ client_port, server_port, protocol = 'TCP' }) => ({
    client_port,
    server_port,
    protocol,
  }));
  for (const side of ['client_port', 'server_port'] as const) {
    const first = new Map<string, number>();
    ports.forEach((port, i) => {
      const pair = `${port[side]}/${port.protocol}`;
      const earlier = first.get(pair);
      if (earlier !== undefined) {
        throw new ApiError('EndPoint.3044', `ports[${i}] repeats ${side} ${pair} of ports[${earlier}]`);
      }
      first.set(pair, i);
    });
  }
  return ports;
}

/** Refuses mappings whose (server_port, protocol) another service on the same backend already uses. */
export function checkBackendPorts(
  store: ServiceStore,
  portId: string,
  ports: PortMapping[],
  serviceId?: string,
): void {
  const conflict = store.findBackendConflict(portId, ports, serviceId);
  if (conflict) {
    throw new ApiError(
      'EndPoint.3044',
      `server_port ${conflict.server_port}/${conflict.protocol} on port_id ${portId} is already ` +
        'used by another endpoint service',
    );
  }
}
