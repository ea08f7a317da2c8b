// Schemas shared by every resource: ids, the error body, the project path parameter and list paging.
import { Type, type Static, type TSchema } from 'typebox';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** A dotted IPv4 address, for patterns. */
export const IPV4 = `${OCTET}(\\.${OCTET}){3}`;

/** Every resource of the emulator is in the region's central pool; edge pools do not exist here. */
export const PUBLIC_BORDER_GROUP = 'center';

/** Whether a public_border_group filter asks for a pool other than center: it matches nothing. */
export function outsideBorderGroup(group: string | undefined): boolean {
  return group !== undefined && group !== PUBLIC_BORDER_GROUP;
}

/** The most records one request may carry in a batch (whitelists, descriptions): EndPoint.0016 beyond. */
export const MAX_BATCH = 1000;

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A UUID string; `errorCode` is the x-error-code annotation (see http/validation.ts). */
export function Uuid(options: { description?: string; minLength?: number; 'x-error-code'?: unknown } = {}) {
  return Type.String({ pattern: UUID_PATTERN, 'x-rule': 'a UUID', ...options });
}

export const ErrorBody = Type.Object(
  {
    error_code: Type.String({ description: 'EndPoint.xxxx' }),
    error_msg: Type.String(),
  },
  { description: 'The API error format' },
);

/** Why a resource is in status failed; the API lists these in the resource's `error` field. */
export const ResourceError = Type.Object({
  error_code: Type.String(),
  error_message: Type.String(),
});
export type ResourceErrorView = Static<typeof ResourceError>;

/** The `error` field of a resource's view: present only while it is failed. */
export function errorOf(row: { error_code: string | null; error_message: string | null }): {
  error?: ResourceErrorView[];
} {
  return row.error_code === null ? {} : { error: [{ error_code: row.error_code, error_message: row.error_message ?? '' }] };
}

/** A moment in a state document: UTC, ISO 8601, with milliseconds so that nothing is lost. */
export const Timestamp = (options: { description?: string } = {}) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
    'x-rule': 'a UTC time such as 2026-01-01T12:00:00.000Z',
    ...options,
  });

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds of a Timestamp; a day or hour that does not exist (2026-02-30) is an error. */
export function parseIsoTime(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || isoTime(ms).slice(0, 19) !== text.slice(0, 19)) throw new Error(`${text} is not a real time`);
  return ms;
}

/** Response schemas for the errors an authenticated route can answer with. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([401, 500, ...statuses].map((status) => [status, ErrorBody]));
}

/** What a project id may look like: it is a segment of every /v1 path. Identity ids follow it too. */
export const PROJECT_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export const ProjectId = Type.String({
  pattern: PROJECT_ID_PATTERN,
  'x-rule': '1 to 64 letters, digits, underscores or hyphens',
  'x-error-code': 'EndPoint.0014',
  description: 'Project (tenant) ID',
  examples: ['6e9dfd51d1124e8d8498dce894923a0d'],
});

export function Description(options: { default?: string; description?: string } = {}) {
  return Type.String({
    maxLength: 128,
    pattern: '^[^<>]*$',
    'x-rule': 'free text without < or >',
    description: 'At most 128 characters, no angle brackets',
    ...options,
  });
}

// The OTC documents spell the sort keys created_at and updated_at; the Huawei SDKs can only send
// create_at and update_at (their enums). Both spellings mean the same column.
const SORT_COLUMNS = {
  created_at: 'created_at',
  create_at: 'created_at',
  updated_at: 'updated_at',
  update_at: 'updated_at',
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;

/** The column a sort key orders by. */
export function sortColumn(key: SortKey): 'created_at' | 'updated_at' {
  return SORT_COLUMNS[key];
}

/** The sort_key parameter, with the keys a list sorts by in both spellings. */
export function SortKeyQuery(keys: readonly SortKey[] = ['created_at', 'updated_at', 'create_at', 'update_at']) {
  return Type.Optional(
    Type.Enum(keys, {
      default: 'created_at',
      'x-error-code': 'EndPoint.0017',
      description: 'created_at and create_at (the Huawei SDKs\' spelling) are the same, as are updated_at and update_at',
    }),
  );
}

/** The paging and sorting parameters every list operation accepts. Numbers are decimal digits only. */
export function pagingQuery(maxLimit: number) {
  return {
    limit: Type.Optional(
      Type.Integer({ minimum: 0, maximum: maxLimit, default: 10, 'x-error-code': 'EndPoint.0006' }),
    ),
    // Larger offsets are not integers SQLite can bind; they would fail as 500s instead of 400s.
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, 'x-error-code': 'EndPoint.0010' }),
    ),
    sort_key: SortKeyQuery(),
    sort_dir: Type.Optional(
      Type.Enum(['asc', 'desc'], { default: 'desc', 'x-error-code': 'EndPoint.0018' }),
    ),
  };
}

/** A body as the handler sees it: the validator has filled in the fields that have schema defaults. */
export type WithDefaults<T, K extends keyof T> = T & Required<Pick<T, K>>;

export interface Paging {
  limit: number;
  offset: number;
  sort_key: SortKey;
  sort_dir: 'asc' | 'desc';
}

/** The schema with an example request, as Swagger UI offers it under "Try it out" (examples are not checked). */
export function withExample<T extends TSchema>(schema: T, example: unknown): T {
  return { ...schema, examples: [example] };
}
