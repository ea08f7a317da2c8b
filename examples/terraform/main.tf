# A complete configuration against the emulator: an endpoint service behind a load balancer in one account,
# whitelisting a second account, and an endpoint to it from that account. Start the emulator with a short delay first:
#
#   VPCEP_DELAY=2s npm start          (or: docker run -p 9600:9600 -e VPCEP_DELAY=2s vpcep-emulator)
#   terraform init && terraform apply
#
# The provider waits at most one minute for a service to become available (or to be deleted), and the
# emulator's default delay is one to two minutes, so without VPCEP_DELAY `terraform apply` times out.

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

# The emulator serves VPCEP and Keystone only, not the VPC and ELB APIs, and does not check that these ids
# exist, so the network is given as ids. Against the real cloud, take them from opentelekomcloud_vpc_v1,
# opentelekomcloud_vpc_subnet_v1 and opentelekomcloud_lb_loadbalancer_v2 (vip_port_id) resources instead.
locals {
  service_vpc_id  = "4189d3c2-8882-4871-a3c2-d380272eed80"
  service_port_id = "4189d3c2-8882-4871-a3c2-d380272eed88" # the load balancer's VIP port
  consumer_vpc_id = "d7b2bf07-1b4c-43fa-bd88-d80c6ebea140"
  consumer_subnet = "61881173-3899-4981-a700-170253d469b6"
}

resource "opentelekomcloud_vpcep_service_v1" "service" {
  name             = "demo-svc" # letters, digits, _ and -, at most 16
  server_type      = "LB"
  port_id          = local.service_port_id
  vpc_id           = local.service_vpc_id
  approval_enabled = false

  port {
    client_port = 80
    server_port = 8080
  }

  whitelist = [data.opentelekomcloud_identity_auth_scope_v3.consumer.project_domain_id]
  tags      = { env = "emulator" }
}

resource "opentelekomcloud_vpcep_endpoint_v1" "consumer" {
  provider   = opentelekomcloud.consumer
  service_id = opentelekomcloud_vpcep_service_v1.service.id
  vpc_id     = local.consumer_vpc_id
  subnet_id  = local.consumer_subnet
  port_ip    = "192.168.0.10"
  enable_dns = true
  tags       = { team = "consumer" }
}

output "service_name" {
  value = opentelekomcloud_vpcep_service_v1.service.service_name
}

output "endpoint_ip" {
  value = opentelekomcloud_vpcep_endpoint_v1.consumer.port_ip
}
