// How many endpoint services and endpoints a project may have (VPCEP_QUOTA_SERVICES,
// VPCEP_QUOTA_ENDPOINTS), and the check every create makes against them.
import { ApiError } from '../errors.js';

export const QUOTA_TYPES = ['endpoint', 'endpoint_service'] as const;
export type QuotaType = (typeof QUOTA_TYPES)[number];

/** Refuses one more resource of the type when the project already has as many as its quota allows. */
export function checkQuota(type: QuotaType, used: number, quota: number): void {
  if (used >= quota) {
    throw new ApiError('Endpoint.1018', `the project has ${used} of its ${quota} resources of type ${type}`);
  }
}
