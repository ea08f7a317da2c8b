-- The companion resources a VPCEP setup references: VPCs and their subnets (VPC API v1), and load balancers
-- (ELB v2, under Neutron's /v2.0/lbaas) with their VIP ports. Times are integer milliseconds since the
-- epoch, as in 001; error_code and error_message are set only while a resource is failed (test-control API).

CREATE TABLE vpcs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,        -- creation order, breaks ties between equal times
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  cidr TEXT NOT NULL,                           -- '' when none was given
  status TEXT NOT NULL,                         -- CREATING, OK, ERROR
  enable_shared_snat INTEGER NOT NULL,
  routes TEXT NOT NULL,                         -- JSON [{destination, nexthop}]
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT
);
-- The project's list, oldest first (seq is the creation order).
CREATE INDEX vpcs_by_project ON vpcs (project_id, seq);
-- A name is used once in a project; VPCs may have none.
CREATE UNIQUE INDEX vpcs_name ON vpcs (project_id, name) WHERE name != '';

-- id is also the subnet's Neutron network id; neutron_subnet_id is its Neutron subnet.
CREATE TABLE subnets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  neutron_subnet_id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  vpc_id TEXT NOT NULL REFERENCES vpcs (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  cidr TEXT NOT NULL,
  gateway_ip TEXT NOT NULL,
  dhcp_enable INTEGER NOT NULL,
  primary_dns TEXT NOT NULL,                    -- '' when none
  secondary_dns TEXT NOT NULL,
  dns_list TEXT NOT NULL,                       -- JSON array of addresses
  availability_zone TEXT NOT NULL,
  extra_dhcp_opts TEXT NOT NULL,                -- JSON [{opt_name, opt_value}]
  status TEXT NOT NULL,                         -- UNKNOWN, ACTIVE, ERROR
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT
);
CREATE INDEX subnets_by_project ON subnets (project_id, seq);
-- A VPC's subnets: the CIDR rules and the check before a VPC is deleted.
CREATE INDEX subnets_of_vpc ON subnets (vpc_id);

-- A load balancer and its VIP port, which exists exactly as long as the load balancer does.
CREATE TABLE loadbalancers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  subnet_id TEXT NOT NULL REFERENCES subnets (id),   -- the v1 subnet (Neutron network) of the VIP
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  vip_port_id TEXT NOT NULL UNIQUE,
  vip_address TEXT NOT NULL,
  provider TEXT NOT NULL,
  admin_state_up INTEGER NOT NULL,
  provisioning_status TEXT NOT NULL,            -- PENDING_CREATE, ACTIVE, PENDING_DELETE, ERROR
  operating_status TEXT NOT NULL,               -- ONLINE, OFFLINE
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT
);
CREATE INDEX loadbalancers_by_project ON loadbalancers (project_id, seq);
-- An address is used once in a subnet; also what a subnet's deletion checks.
CREATE UNIQUE INDEX loadbalancers_subnet_vip ON loadbalancers (subnet_id, vip_address);

-- Which endpoint services a backend port serves: a load balancer whose VIP port backs a service stays
-- until the service is gone.
CREATE INDEX endpoint_services_by_port ON endpoint_services (port_id);
