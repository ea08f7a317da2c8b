// Every error the emulator answers with, in the API's own format:
//   {"error_code":"EndPoint.xxxx","error_msg":"..."}
// The codes, HTTP statuses and base messages are those of the OTC error-code table (vpcep-api.md §6.2).
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
  'EndPoint.0017': [400, 'Invalid sort_key.'],
  'EndPoint.0018': [400, 'Invalid sort_dir.'],
  'EndPoint.0019': [400, 'Invalid status.'],
  'EndPoint.0020': [400, 'Invalid VPC ID.'],
  'EndPoint.2011': [400, 'The input parameter VPC ID is empty.'],
  'EndPoint.2028': [400, 'The endpoint service port or protocol is empty.'],
  'EndPoint.3021': [400, 'Invalid serverType.'],
  'EndPoint.3043': [400, 'The service port is invalid.'],
  'EndPoint.3044': [400, 'The parameter ports conflicted with ports in an existing endpoint service.'],
  'EndPoint.3045': [400, 'Other properties cannot be modified in the current endpoint service state.'],
  'EndPoint.3063': [400, 'Invalid port ID.'],
  'EndPoint.3066': [400, 'The tag cannot be empty.'],
  'EndPoint.3067': [400, 'The tag key cannot be duplicated.'],
  'EndPoint.3068': [400, 'Tag keys and values should meet relevant requirements.'],
  'EndPoint.3069': [400, 'The maximum number of tags has been reached.'],
  'EndPoint.3072': [400, 'The tag key size is invalid.'],
  'EndPoint.3073': [400, 'The tag value size is invalid.'],
  'EndPoint.3074': [400, 'The maximum of ports has been reached.'],
  'EndPoint.3075': [400, 'The protocol is invalid.'],
  'EndPoint.3076': [400, 'Invalid service name.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export interface ErrorBody {
  error_code: string;
  error_msg: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string) {
    const [status, base] = ERROR_TABLE[code];
    super(detail ? `${base.replace(/\.$/, '')}: ${detail}` : base);
    this.status = status;
    this.code = code;
  }

  toBody(): ErrorBody {
    return { error_code: this.code, error_msg: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TABLE, value);
}
