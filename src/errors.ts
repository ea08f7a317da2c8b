// Every error the emulator answers with, in the API's own format:
//   {"error_code":"EndPoint.xxxx","error_msg":"..."}
// The codes, HTTP statuses and base messages are those of the OTC error-code table (vpcep-api.md §6.2),
// plus a few Emulator.* codes of the test-control API at the end.
// The emulator appends a detail naming the field and the rule, so a user sees what to fix.

const ERROR_TABLE = {
  'EndPoint.0001': [500, 'System error. Please retry.'],
  'EndPoint.0002': [400, 'Parameter error.'],
  'EndPoint.0003': [401, 'Authentication failed or authentication information is invalid.'],
  'EndPoint.0004': [403, 'Authentication information is incorrect or you have no permissions.'],
  'EndPoint.0005': [404, 'The requested resource does not exist.'],
  'EndPoint.0006': [400, 'Invalid limit.'],
  'EndPoint.0007': [400, 'Invalid action.'],
  'EndPoint.0010': [400, 'Invalid offset.'],
  'EndPoint.0014': [400, 'Invalid project ID.'],
  'EndPoint.0015': [400, 'Invalid specification.'],
  'EndPoint.0016': [400, 'The number of batch operated resources exceeded the limit.'],
  'EndPoint.0017': [400, 'Invalid sort_key.'],
  'EndPoint.0018': [400, 'Invalid sort_dir.'],
  'EndPoint.0019': [400, 'Invalid status.'],
  'EndPoint.0020': [400, 'Invalid VPC ID.'],
  'EndPoint.0021': [400, 'Invalid marker_id.'],
  'EndPoint.0023': [400, 'Invalid subnet_id.'],
  'EndPoint.1004': [400, 'Invalid request.'],
  'Endpoint.1018': [400, 'Quota exceeded.'],
  'EndPoint.1019': [400, 'Invalid route table ID.'],
  'EndPoint.2002': [400, 'The request input parameter is empty.'],
  'EndPoint.2003': [400, 'The endpoint service does not exist.'],
  'EndPoint.2004': [400, 'The endpoint service is unavailable.'],
  'EndPoint.2009': [400, 'The specification information does not exist.'],
  'EndPoint.2010': [400, 'The input parameter subnet ID is empty.'],
  'EndPoint.2011': [400, 'The input parameter VPC ID is empty.'],
  'EndPoint.2012': [400, 'You have no permission to connect to the VPC endpoint service.'],
  'EndPoint.2013': [400, 'The endpoint does not belong to the endpoint service.'],
  'EndPoint.2018': [400, 'The endpoint is being deleted.'],
  'EndPoint.2019': [400, 'The endpoint is being created.'],
  'EndPoint.2027': [400, 'Invalid action.'],
  'EndPoint.2028': [400, 'The endpoint service port or protocol is empty.'],
  'EndPoint.2029': [400, 'The requested endpoint service ID is empty.'],
  'EndPoint.2031': [400, 'Only one endpoint is allowed.'],
  'EndPoint.2033': [400, 'The entered parameter enable_dns is invalid.'],
  'EndPoint.2037': [400, 'The current network does not belong to the VPC.'],
  'EndPoint.2039': [400, 'The route table is being used by another VPC endpoint.'],
  'EndPoint.2040': [400, 'The VPC endpoint has no route table bound.'],
  'EndPoint.2041': [400, 'Invalid Port IP address.'],
  'EndPoint.2042': [400, 'The Port IP is in use.'],
  'EndPoint.2043': [400, 'The Port IP is not valid for the subnet.'],
  'EndPoint.2044': [400, 'Invalid whitelist.'],
  'EndPoint.2045': [400, 'The maximum number of whitelist records has been reached.'],
  'EndPoint.2047': [400, 'The VPC endpoint in the Failed status cannot be modified.'],
  'EndPoint.2048': [400, 'The VPC endpoint policy is invalid.'],
  'EndPoint.2049': [400, 'The VPC endpoint has no policy associated.'],
  'EndPoint.3002': [400, 'Invalid permission.'],
  'EndPoint.3006': [400, 'The endpoint service is being used.'],
  'EndPoint.3010': [400, 'Invalid IP address.'],
  'EndPoint.3021': [400, 'Invalid serverType.'],
  'EndPoint.3035': [400, 'Invalid action.'],
  'EndPoint.3036': [400, 'Invalid permissions.'],
  'EndPoint.3042': [400, 'The port ID does not belong to the current VPC.'],
  'EndPoint.3043': [400, 'The service port is invalid.'],
  'EndPoint.3044': [400, 'The parameter ports conflicted with ports in an existing endpoint service.'],
  'EndPoint.3045': [400, 'Other properties cannot be modified in the current endpoint service state.'],
  'EndPoint.3049': [400, 'The maximum number of whitelist records has been reached.'],
  'EndPoint.3052': [400, 'portId and ip cannot be modified at the same time.'],
  'EndPoint.3062': [400, 'Invalid endpoint service ID.'],
  'EndPoint.3063': [400, 'Invalid port ID.'],
  'EndPoint.3066': [400, 'The tag cannot be empty.'],
  'EndPoint.3067': [400, 'The tag key cannot be duplicated.'],
  'EndPoint.3068': [400, 'Tag keys and values should meet relevant requirements.'],
  'EndPoint.3069': [400, 'The maximum number of tags has been reached.'],
  'EndPoint.3070': [400, 'Invalid resource type.'],
  'EndPoint.3071': [400, 'The tag value cannot be duplicated.'],
  'EndPoint.3072': [400, 'The tag key size is invalid.'],
  'EndPoint.3073': [400, 'The tag value size is invalid.'],
  'EndPoint.3074': [400, 'The maximum of ports has been reached.'],
  'EndPoint.3075': [400, 'The protocol is invalid.'],
  'EndPoint.3076': [400, 'Invalid service name.'],
  // The emulator's own, for what only its test-control API can answer; never sent by the cloud API.
  'Emulator.0001': [408, 'The resource did not reach the requested status in time.'],
  'Emulator.0002': [503, 'The emulator is shutting down.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export interface ErrorBody {
  error_code: string;
  error_msg: string;
}

/** Where the table does not fit: the HTTP status and whole message of an answer the table has no row for. */
export interface ErrorOverride {
  status?: number;
  /** Replaces the table's message and the detail. */
  message?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string, override: ErrorOverride = {}) {
    const [status, base] = ERROR_TABLE[code];
    super(override.message ?? withDetail(base, detail));
    this.status = override.status ?? status;
    this.code = code;
  }

  toBody(): ErrorBody {
    return { error_code: this.code, error_msg: this.message };
  }
}

/** An error table's message with the emulator's detail after it: `Base message: detail`. */
export function withDetail(base: string, detail: string | undefined): string {
  return detail ? `${base.replace(/\.$/, '')}: ${detail}` : base;
}

/** The table's message for the code, as a resource's error entry quotes it. */
export function tableMessage(code: ErrorCode): string {
  return ERROR_TABLE[code][1];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TABLE, value);
}
