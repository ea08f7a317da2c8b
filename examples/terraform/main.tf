# A complete configuration against the emulator, as it would be written for the cloud: in one account a VPC, a
# subnet and a load balancer, and an endpoint service on the load balancer's VIP port that whitelists a second
# account; in that account a VPC, a subnet and an endpoint to the service. Start the emulator with a short
# delay first:
#
#   VPCEP_DELAY=2s npm start          (or: docker run -p 9600:9600 -e VPCEP_DELAY=2s vpcep-emulator)
#   terraform init && terraform apply
#
# The provider waits at most one minute for a service to become available (or to be deleted), and the
# emulator's default VPCEP_DELAY is one to two minutes, so without it `terraform apply` times out. VPCs, subnets
# and load balancers take VPCEP_DELAY_NETWORK (1 s by default); keep it under the provider's first poll (5 s).
# With VPCEP_REFERENCES=known the emulator also checks every id this configuration passes to VPCEP.
#
# Terraform cannot be installed where this emulator is developed, so this file is kept correct by reading the
# provider's documentation and source (argument and attribute names, which client and catalog entry each
# resource uses), and by gophertelekomcloud, the library the provider calls, running the same sequence of
# requests in `npm run test:compat`.

terraform {
  required_providers {
    opentelekomcloud = {
      source = "opentelekomcloud/opentelekomcloud"
    }
  }
}

variable "emulator_url" {
  description = "Where the emulator listens; its identity API is below /v3"
  type        = string
  default     = "http://127.0.0.1:9600"
}

# Account 1 owns the service. Any password works in the emulator's default (lenient) mode.
provider "opentelekomcloud" {
  auth_url    = "${var.emulator_url}/v3"
  domain_name = "owner-domain"
  tenant_name = "eu-de_owner"
  user_name   = "owner"
  password    = "any-password"
  region      = "eu-de"
}

# Account 2 connects to it.
provider "opentelekomcloud" {
  alias       = "consumer"
  auth_url    = "${var.emulator_url}/v3"
  domain_name = "consumer-domain"
  tenant_name = "eu-de_consumer"
  user_name   = "consumer"
  password    = "any-password"
  region      = "eu-de"
}

# The consumer's domain id, for the service's whitelist.
data "opentelekomcloud_identity_auth_scope_v3" "consumer" {
  provider = opentelekomcloud.consumer
  name     = "consumer"
}

# ---- The owner's network and load balancer ----

resource "opentelekomcloud_vpc_v1" "service" {
  name = "vpc-service"
  cidr = "192.168.0.0/16"
  tags = { env = "emulator" }
}

resource "opentelekomcloud_vpc_subnet_v1" "service" {
  name       = "subnet-service"
  cidr       = "192.168.0.0/24"
  gateway_ip = "192.168.0.1"
  vpc_id     = opentelekomcloud_vpc_v1.service.id
}

resource "opentelekomcloud_lb_loadbalancer_v2" "lb" {
  name          = "lb-service"
  vip_subnet_id = opentelekomcloud_vpc_subnet_v1.service.subnet_id # the Neutron subnet id, not .id
}

# ---- The endpoint service on the load balancer's VIP port ----

resource "opentelekomcloud_vpcep_service_v1" "service" {
  name             = "demo-svc" # letters, digits, _ and -, at most 16
  server_type      = "LB"
  port_id          = opentelekomcloud_lb_loadbalancer_v2.lb.vip_port_id
  vpc_id           = opentelekomcloud_vpc_v1.service.id
  approval_enabled = false

  port {
    client_port = 80
    server_port = 8080
  }

  whitelist = [data.opentelekomcloud_identity_auth_scope_v3.consumer.project_domain_id]
  tags      = { env = "emulator" }
}

# ---- The consumer's network and endpoint ----

resource "opentelekomcloud_vpc_v1" "consumer" {
  provider = opentelekomcloud.consumer
  name     = "vpc-consumer"
  cidr     = "10.0.0.0/16"
}

resource "opentelekomcloud_vpc_subnet_v1" "consumer" {
  provider   = opentelekomcloud.consumer
  name       = "subnet-consumer"
  cidr       = "10.0.1.0/24"
  gateway_ip = "10.0.1.1"
  vpc_id     = opentelekomcloud_vpc_v1.consumer.id
}

resource "opentelekomcloud_vpcep_endpoint_v1" "consumer" {
  provider   = opentelekomcloud.consumer
  service_id = opentelekomcloud_vpcep_service_v1.service.id
  vpc_id     = opentelekomcloud_vpc_v1.consumer.id
  subnet_id  = opentelekomcloud_vpc_subnet_v1.consumer.id # the v1 subnet id (the Neutron network id)
  port_ip    = "10.0.1.10"                                # inside the subnet
  enable_dns = true
  tags       = { team = "consumer" }
}

output "service_name" {
  value = opentelekomcloud_vpcep_service_v1.service.service_name
}

output "load_balancer_vip" {
  value = opentelekomcloud_lb_loadbalancer_v2.lb.vip_address
}

output "endpoint_ip" {
  value = opentelekomcloud_vpcep_endpoint_v1.consumer.port_ip
}
