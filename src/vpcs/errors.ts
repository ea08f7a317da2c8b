// Every error the VPC API v1 (VPCs, subnets, and their tags under /v2.0/{project_id}) answers with, in its
// own format: {"code":"VPC.0101","message":"..."}. Codes, statuses and messages are those of the VPC error
// code table; the emulator appends a detail naming the field and the rule, as it does for VPCEP.
// gophertelekomcloud and Terraform read only the status (404: gone, 409: retry the delete).
import type { FastifyInstance } from 'fastify';
import { withDetail } from '../errors.js';
import { errorBody } from '../http/error-formats.js';
import { answerErrorsWith, type ErrorFormatter } from '../http/errors.js';
import type { Refusal } from '../http/auth.js';

const VPC_ERROR_TABLE = {
  'VPC.0003': [404, 'VPC does not exist.'],
  // The path's project is not the credential's (strict mode).
  'VPC.0007': [400, 'urlTenantId is not equal tokenTenantId.'],
  'VPC.0101': [400, 'Param is invalid.'],
  'VPC.0104': [409, 'Router contains subnets, please delete subnet first.'],
  'VPC.0105': [500, 'Neutron Error.'],
  'VPC.0115': [400, 'The router name has exist.'],
  'VPC.0117': [400, 'Cidr can not contain subnetList cidr.'],
  'VPC.0201': [400, 'Subnet param is invalid.'],
  'VPC.0202': [404, 'Query subnet fail.'],
  'VPC.0203': [400, 'Subnet is not in the range of VPC.'],
  'VPC.0204': [400, 'The subnet has already existed in the VPC, or has been in conflict with the VPC subnet.'],
  'VPC.0207': [400, 'Subnet does not belong to the VPC.'],
  'VPC.0209': [500, 'subnet is still used ,such as computer,LB.'],
  'VPC.0211': [500, 'subnet is still used by LBaas.'],
  'VPC.0212': [400, 'The subnet cidr is not valid.'],
  // The API gateway's answer to a missing or unusable credential, in the VPC format.
  'APIGW.0301': [401, 'Incorrect IAM authentication information.'],
} as const satisfies Record<string, readonly [number, string]>;

export type VpcErrorCode = keyof typeof VPC_ERROR_TABLE;

export class VpcError extends Error {
  readonly status: number;

  /** `status` replaces the table's where the table has no row for the answer (a body too large: 413). */
  constructor(
    readonly code: VpcErrorCode,
    detail?: string,
    status?: number,
  ) {
    super(withDetail(VPC_ERROR_TABLE[code][1], detail));
    this.status = status ?? VPC_ERROR_TABLE[code][0];
  }

  toBody(): object {
    return errorBody('vpc', this.status, this.code, this.message);
  }
}

export const refuseInVpc: Refusal = (err) => new VpcError(err.status === 403 ? 'VPC.0007' : 'APIGW.0301', err.message);

/** The plugin's errors in the VPC format; a request that fails its schema answers `invalidCode`. */
export function answerVpcErrors(app: FastifyInstance, invalidCode: VpcErrorCode): void {
  const format: ErrorFormatter = {
    isOwn: (err): err is VpcError => err instanceof VpcError,
    invalid: (detail) => new VpcError(invalidCode, detail),
    client: (status, message) => new VpcError(invalidCode, message, status),
    internal: () => new VpcError('VPC.0105'),
  };
  answerErrorsWith(app, format);
}
