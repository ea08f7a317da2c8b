-- What the Huawei operations (vpcep-api.md §10) and the SDK models add to the records: a service's server
-- address and the backends added through v2 add-server-resources, the owner's description of each
-- connection, and a description on each whitelist record. Every column has a default, so existing rows
-- upgrade in place.

ALTER TABLE endpoint_services ADD COLUMN ip TEXT;                              -- as given on create or modify; NULL: none
ALTER TABLE endpoint_services ADD COLUMN server_resources TEXT NOT NULL DEFAULT '[]'; -- JSON [{resource_id, availability_zone_id}]
ALTER TABLE endpoints ADD COLUMN connection_description TEXT NOT NULL DEFAULT '';    -- set by the service's owner
ALTER TABLE service_permissions ADD COLUMN description TEXT NOT NULL DEFAULT '';

-- A route table backs at most one gateway endpoint of a service in a project: the check reads a service's
-- endpoints with route tables through this index.
CREATE INDEX endpoints_of_service_with_routetables ON endpoints (service_id) WHERE routetables IS NOT NULL;
