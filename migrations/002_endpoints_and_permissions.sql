-- The consumer side: endpoints (which the owner of a service sees as its connections) and the whitelist
-- of each service. Times are integer milliseconds since the epoch, as in 001.

CREATE TABLE endpoints (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,        -- creation order, breaks ties between equal times
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  service_id TEXT NOT NULL,                     -- a row of endpoint_services, or a public service
  -- The service's full name, kept current when the service is renamed; endpoints outlive their
  -- service, and public services have no row to read it from.
  service_name TEXT NOT NULL,
  service_type TEXT NOT NULL,
  approval_required INTEGER NOT NULL,           -- the service's approval_enabled when this was created
  status TEXT NOT NULL,
  ever_accepted INTEGER NOT NULL DEFAULT 0,     -- a rejected endpoint shows its ip only if it was accepted
  marker_id INTEGER NOT NULL UNIQUE,
  vpc_id TEXT NOT NULL,
  subnet_id TEXT,
  ip TEXT,                                      -- interface endpoints only
  dns_name TEXT,                                -- interface endpoints with enable_dns only
  enable_dns INTEGER NOT NULL,
  whitelist TEXT,                               -- JSON array; interface endpoints only
  enable_whitelist INTEGER,                     -- interface endpoints only
  routetables TEXT,                             -- JSON array; gateway endpoints only
  policy_statement TEXT,                        -- JSON array; gateway endpoints only
  specification_name TEXT NOT NULL,
  endpoint_pool_id TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- The project's list, in either order; also the quota count.
CREATE INDEX endpoints_by_created ON endpoints (project_id, created_at, seq);
CREATE INDEX endpoints_by_updated ON endpoints (project_id, updated_at, seq);
-- A service's connections, in either order.
CREATE INDEX endpoints_of_service_by_created ON endpoints (service_id, created_at, seq);
CREATE INDEX endpoints_of_service_by_updated ON endpoints (service_id, updated_at, seq);
-- A service's connection_count, which also decides whether it may be deleted.
CREATE INDEX endpoints_of_service_by_status ON endpoints (service_id, status);
-- An address is used once in a subnet.
CREATE UNIQUE INDEX endpoints_subnet_ip ON endpoints (subnet_id, ip) WHERE ip IS NOT NULL;

-- Accounts allowed to connect to a service besides its owner: "*" or iam:domain::{domain_id}.
CREATE TABLE service_permissions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  service_id TEXT NOT NULL REFERENCES endpoint_services (id) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (service_id, permission)
);
CREATE INDEX service_permissions_by_created ON service_permissions (service_id, created_at, seq);

-- Describe finds a service of any project by its full name.
CREATE INDEX endpoint_services_by_name ON endpoint_services (service_name);
