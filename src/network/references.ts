// VPCEP_REFERENCES: what the VPCEP API makes of the VPC, subnet and port ids it is given.
//
//   any    (the default) any well-formed id is accepted, as when the emulator had no VPC API. An endpoint in
//          a subnet the VPC API has still gets its address from that subnet's pool.
//   known  every id must name a resource of the caller's project: a service's vpc_id a VPC (EndPoint.0020)
//          and its port_id the VIP port of a load balancer (EndPoint.3063) in that VPC (EndPoint.3042); an
//          endpoint's vpc_id a VPC (EndPoint.0020) and its subnet_id a subnet (EndPoint.0023) of that VPC
//          (EndPoint.2037), and its port_ip a free host address of the subnet (EndPoint.2043, 2042).
import type { ReferenceMode } from '../config.js';
import { ApiError } from '../errors.js';
import type { LoadBalancerStore } from '../loadbalancers/store.js';
import type { SubnetStore, VpcStore } from '../vpcs/store.js';
import { AddressRange } from './addresses.js';

/** A subnet the VPC API has, as an endpoint's address is taken in it. */
export interface KnownSubnet {
  id: string;
  cidr: string;
  range: AddressRange;
  /** Known mode: a requested address must be a free host address of the subnet. */
  strict: boolean;
}

const KNOWN = 'VPCEP_REFERENCES=known';

export class References {
  constructor(
    readonly mode: ReferenceMode,
    private readonly vpcs: VpcStore,
    private readonly subnets: SubnetStore,
    private readonly loadbalancers: LoadBalancerStore,
  ) {}

  /** Known mode: the service's VPC is the project's, and its backend port the VIP port of a load balancer in it. */
  checkServiceBackend(projectId: string, vpcId: string, portId: string): void {
    if (this.mode === 'any') return;
    this.checkVpc(projectId, vpcId);
    const lb = this.loadbalancers.findByPort(portId);
    if (!lb || lb.project_id !== projectId) {
      throw new ApiError(
        'EndPoint.3063',
        `port_id ${portId} is not a port of project ${projectId} (${KNOWN}: the vip_port_id of one of its load balancers)`,
      );
    }
    const subnet = this.subnets.findById(lb.subnet_id)!;
    if (subnet.vpc_id !== vpcId) {
      throw new ApiError('EndPoint.3042', `port ${portId} is in VPC ${subnet.vpc_id}, not in vpc_id ${vpcId}`);
    }
  }

  /** Known mode: the VPC of an endpoint is the project's. */
  checkVpc(projectId: string, vpcId: string): void {
    if (this.mode === 'known' && !this.vpcs.find(projectId, vpcId)) {
      throw new ApiError('EndPoint.0020', `vpc_id ${vpcId} is not a VPC of project ${projectId} (${KNOWN})`);
    }
  }

  /**
   * The subnet an interface endpoint takes its address in, if the project has it. Known mode requires it,
   * in the endpoint's VPC.
   */
  endpointSubnet(projectId: string, vpcId: string, subnetId: string): KnownSubnet | undefined {
    this.checkVpc(projectId, vpcId);
    const subnet = this.subnets.find(projectId, subnetId);
    if (this.mode === 'known') {
      if (!subnet) {
        throw new ApiError('EndPoint.0023', `subnet_id ${subnetId} is not a subnet of project ${projectId} (${KNOWN})`);
      }
      if (subnet.vpc_id !== vpcId) {
        throw new ApiError('EndPoint.2037', `subnet ${subnetId} is in VPC ${subnet.vpc_id}, not in vpc_id ${vpcId}`);
      }
    }
    return subnet && known(subnet, this.mode === 'known');
  }

  /** The project's subnet with this id, checked for nothing (a state import takes its addresses there). */
  knownSubnet(projectId: string, subnetId: string): KnownSubnet | undefined {
    const subnet = this.subnets.find(projectId, subnetId);
    return subnet && known(subnet, false);
  }
}

function known(subnet: { id: string; cidr: string; gateway_ip: string }, strict: boolean): KnownSubnet {
  return { id: subnet.id, cidr: subnet.cidr, range: AddressRange.of(subnet), strict };
}
