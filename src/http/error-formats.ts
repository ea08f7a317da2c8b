// The error formats of the APIs the emulator serves, and which API a path belongs to. Each API answers in
// its own: VPCEP {"error_code","error_msg"}, Keystone {"error":{"code","title","message"}}, the VPC API v1
// (and its tag API) {"code","message"}, Neutron and ELB v2 {"NeutronError":{"type","message","detail"}}.
// Fault rules answer in the format of the path they fire on, and the journal reads all four.
import { STATUS_CODES } from 'node:http';

export type ErrorFormat = 'vpcep' | 'keystone' | 'vpc' | 'neutron';

const KEYSTONE = /^\/v3(\/|\?|$)/;
// VPCs and subnets under /v1/{project_id}, and their tags under /v2.0/{project_id}.
const VPC = /^\/(v1|v2\.0)\/[^/?]+\/(vpcs|subnets)(\/|\?|$)/;
const NEUTRON = /^\/v2\.0(\/|\?|$)/;

/** The API the path belongs to, by its error format; anything unknown answers as VPCEP does. */
export function errorFormatOf(path: string): ErrorFormat {
  if (KEYSTONE.test(path)) return 'keystone';
  if (VPC.test(path)) return 'vpc';
  if (NEUTRON.test(path)) return 'neutron';
  return 'vpcep';
}

/** An error body in the format, from its code (a Neutron error's type) and message. */
export function errorBody(format: ErrorFormat, status: number, code: string, message: string): object {
  switch (format) {
    case 'vpcep':
      return { error_code: code, error_msg: message };
    case 'keystone':
      return { error: { code: status, title: STATUS_CODES[status] ?? 'Error', message } };
    case 'vpc':
      return { code, message };
    case 'neutron':
      return { NeutronError: { type: code, message, detail: '' } };
  }
}

/** The code and message of an error body in any of the formats, or null when it is none of them. */
export function readErrorBody(payload: string): { code: string | null; message: string | null } | null {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const inner = (key: string) => (body?.[key] ?? {}) as Record<string, unknown>;
  const neutron = inner('NeutronError');
  return {
    code: text(body?.error_code) ?? text(body?.code) ?? text(neutron.type),
    message: text(body?.error_msg) ?? text(body?.message) ?? text(inner('error').message) ?? text(neutron.message),
  };
}
