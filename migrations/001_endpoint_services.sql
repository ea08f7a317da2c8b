-- Endpoint services, their port mappings, resource tags and the scheduler's pending transitions.
-- Times are integer milliseconds since the epoch; the API formats them on the way out.

CREATE TABLE endpoint_services (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,        -- creation order, breaks ties between equal times
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT,                                    -- the short name a user gave, if any
  service_name TEXT NOT NULL,                   -- {region}.{id} or {region}.{name}.{id}
  port_id TEXT NOT NULL,
  vpc_id TEXT NOT NULL,
  pool_id TEXT NOT NULL,
  service_type TEXT NOT NULL,
  server_type TEXT NOT NULL,
  approval_enabled INTEGER NOT NULL,
  status TEXT NOT NULL,
  tcp_proxy TEXT NOT NULL,
  description TEXT NOT NULL,
  ip_version TEXT NOT NULL,
  enable_policy INTEGER NOT NULL,
  payer TEXT NOT NULL,
  enterprise_project_id TEXT NOT NULL,
  supported_editions TEXT NOT NULL,             -- JSON array of strings
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX endpoint_services_by_created ON endpoint_services (project_id, created_at, seq);
CREATE INDEX endpoint_services_by_updated ON endpoint_services (project_id, updated_at, seq);

-- port_id repeats the service's backend port so that one unique index can enforce the rule that a
-- (server_port, protocol) pair appears once among all services sharing a backend, in every project.
CREATE TABLE service_ports (
  service_id TEXT NOT NULL REFERENCES endpoint_services (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  port_id TEXT NOT NULL,
  client_port INTEGER NOT NULL,
  server_port INTEGER NOT NULL,
  protocol TEXT NOT NULL,
  PRIMARY KEY (service_id, position)
);
CREATE UNIQUE INDEX service_ports_backend ON service_ports (port_id, server_port, protocol);
CREATE UNIQUE INDEX service_ports_client ON service_ports (service_id, client_port, protocol);

-- Tags of any resource (services now, endpoints later), in the order they were given.
CREATE TABLE resource_tags (
  resource_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (resource_id, key)
);

-- At most one pending transition per resource. due_at NULL means it waits to be settled by hand
-- (VPCEP_DELAY=manual).
CREATE TABLE pending_transitions (
  resource_id TEXT PRIMARY KEY,
  action TEXT NOT NULL,
  due_at INTEGER
);
CREATE INDEX pending_transitions_due ON pending_transitions (due_at) WHERE due_at IS NOT NULL;
