// The two views of services that any project may ask for: the public catalogue (vpcep-api.md §4.11)
// and the basic information of one service, public or not (§4.12).
import { Type, type Static } from 'typebox';
import { errorResponses } from '../common/schemas.js';
import { ListServicesQuery, ProjectParams } from '../endpoint-services/schemas.js';

export const PublicServiceOut = Type.Object({
  id: Type.String(),
  owner: Type.String({ description: 'OTC' }),
  service_name: Type.String({ description: 'com.t-systems.otc.{region}.{name}' }),
  service_type: Type.String(),
  created_at: Type.String(),
  is_charge: Type.Boolean(),
  enable_policy: Type.Boolean({ description: 'true for the gateway (OBS) services, whose endpoints carry a policy' }),
});

export const PublicServiceList = Type.Object({
  endpoint_services: Type.Array(PublicServiceOut),
  total_count: Type.Integer(),
});

export const DescribeQuery = Type.Object({
  id: Type.Optional(Type.String({ description: 'Service ID; this or endpoint_service_name is required' })),
  endpoint_service_name: Type.Optional(Type.String({ description: 'Full service name' })),
});

export const ServiceDescription = Type.Object(
  {
    id: Type.String(),
    service_name: Type.String(),
    service_type: Type.String(),
    server_type: Type.String(),
    created_at: Type.String(),
    is_charge: Type.Boolean(),
    enable_policy: Type.Boolean(),
    public_border_group: Type.String({ description: 'Always center' }),
  },
  { description: "Never the owner's backend port or VPC" },
);

export type PublicServiceView = Static<typeof PublicServiceOut>;
export type DescribeInput = Static<typeof DescribeQuery>;
export type ServiceDescriptionView = Static<typeof ServiceDescription>;

const TAG = ['Endpoint services'];

export const routeSchemas = {
  listPublic: {
    tags: TAG,
    operationId: 'ListServicePublicDetails',
    summary: 'List the public endpoint services (owned by OTC, open to every account)',
    description:
      'The public services of the region (OBS, DNS, ...) that every account may connect to, filterable by name and paged.',
    params: ProjectParams,
    querystring: ListServicesQuery,
    response: { 200: PublicServiceList, ...errorResponses(400) },
  },
  describe: {
    tags: TAG,
    operationId: 'ListServiceDescribeDetails',
    summary: 'Query the basic information of any endpoint service, by ID or full name',
    description:
      "The basic information of any endpoint service, also another account's, by id or by full name (region.name.id): what a consumer checks before creating an endpoint. 400 EndPoint.2002 without either parameter, 404 EndPoint.0005 when there is none.",
    params: ProjectParams,
    querystring: DescribeQuery,
    response: { 200: ServiceDescription, ...errorResponses(400, 404) },
  },
};
