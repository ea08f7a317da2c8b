// Compatibility client: drives the emulator with gophertelekomcloud, the Go SDK for Open Telekom Cloud,
// through the SDK's own calls and waiters only. Two accounts play the story, in the order a Terraform
// configuration creates things: each builds a VPC and a subnet, the owner a load balancer on which it
// publishes an endpoint service and approves connections, the consumer connects to it from another domain;
// then everything is deleted again in reverse order.
//
// Settings (environment):
//
//	OS_AUTH_URL      identity endpoint of the emulator, e.g. http://127.0.0.1:9600/v3 (required)
//	OS_REGION_NAME   region of both accounts (default eu-de)
//	OS_PASSWORD      password sent for both users (default compat-password; the emulator accepts any)
//	COMPAT_WAIT      how long a waiter may take, in seconds (default 60)
//
// Every step is printed; the first failed check ends the program with exit code 1.
package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	golangsdk "github.com/opentelekomcloud/gophertelekomcloud"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/common/tags"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v1/subnets"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v1/vpcs"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v2/extensions/lbaas_v2/loadbalancers"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v2/ports"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/vpcep/v1/endpoints"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/vpcep/v1/quota"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/vpcep/v1/services"
)

// account is one tenant of the story: a user of the same name as its domain, scoped to one project, with a
// client for each API the story uses (all found in the token's catalog, as Terraform finds them).
type account struct {
	label    string
	domain   string
	project  string
	provider *golangsdk.ProviderClient
	vpcep    *golangsdk.ServiceClient
	vpc      *golangsdk.ServiceClient // VPC API v1 (catalog type network)
	neutron  *golangsdk.ServiceClient // Neutron /v2.0: ports, tags (catalog type network)
	elb      *golangsdk.ServiceClient // ELB v2 load balancers (catalog type elb)
}

// network is what an account builds first: a VPC and a subnet in it.
type network struct {
	vpc    *vpcs.Vpc
	subnet *subnets.Subnet
}

var (
	owner    = &account{label: "owner (A)", domain: "owner-domain", project: "eu-de_owner"}
	consumer = &account{label: "consumer (B)", domain: "consumer-domain", project: "eu-de_consumer"}

	hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

	stepNo int
)

func main() {
	authURL := os.Getenv("OS_AUTH_URL")
	if authURL == "" {
		fail("OS_AUTH_URL is not set: point it at the emulator's identity API, e.g. http://127.0.0.1:9600/v3")
	}
	region := envOr("OS_REGION_NAME", "eu-de")
	password := envOr("OS_PASSWORD", "compat-password")
	wait, err := strconv.Atoi(envOr("COMPAT_WAIT", "60"))
	if err != nil || wait <= 0 {
		fail("COMPAT_WAIT must be a positive number of seconds, not %q", os.Getenv("COMPAT_WAIT"))
	}
	fmt.Printf("gophertelekomcloud against %s, region %s\n", authURL, region)

	// --- identity -------------------------------------------------------------------------------
	for _, acc := range []*account{owner, consumer} {
		step("authenticate %s: user %s, domain %s, project %s", acc.label, acc.domain, acc.domain, acc.project)
		acc.provider, err = openstack.AuthenticatedClient(golangsdk.AuthOptions{
			IdentityEndpoint: authURL,
			Username:         acc.domain,
			Password:         password,
			DomainName:       acc.domain,
			TenantName:       acc.project,
			AllowReauth:      true,
		})
		must(err, "password authentication of %s at %s", acc.label, authURL)
		p := acc.provider
		check(p.TokenID != "", "the token id (X-Subject-Token) is empty")
		check(hex32.MatchString(p.ProjectID), "project id %q is not 32 lowercase hex characters", p.ProjectID)
		check(hex32.MatchString(p.DomainID), "domain id %q (token user.domain.id) is not 32 lowercase hex characters", p.DomainID)
		check(p.RegionID == region, "the SDK derived region %q from the project name, want %q", p.RegionID, region)

		acc.vpcep, err = openstack.NewVpcEpV1(p, golangsdk.EndpointOpts{Region: region})
		must(err, "finding the vpcep endpoint of region %s in the catalog of %s", region, acc.label)
		want := "/v1/" + p.ProjectID + "/"
		check(strings.HasSuffix(acc.vpcep.Endpoint, want),
			"catalog vpcep URL %q does not end with %q", acc.vpcep.Endpoint, want)
		ok("project %s, domain %s, vpcep at %s", p.ProjectID, p.DomainID, acc.vpcep.Endpoint)

		acc.vpc, err = openstack.NewNetworkV1(p, golangsdk.EndpointOpts{Region: region})
		must(err, "finding the network endpoint (VPC API v1) in the catalog of %s", acc.label)
		acc.neutron, err = openstack.NewNetworkV2(p, golangsdk.EndpointOpts{Region: region})
		must(err, "finding the network endpoint (Neutron) in the catalog of %s", acc.label)
		acc.elb, err = openstack.NewELBV2(p, golangsdk.EndpointOpts{Region: region})
		must(err, "finding the elb endpoint in the catalog of %s", acc.label)
	}
	check(owner.provider.ProjectID != consumer.provider.ProjectID, "both accounts got project id %s", owner.provider.ProjectID)
	check(owner.provider.DomainID != consumer.provider.DomainID, "both accounts got domain id %s", owner.provider.DomainID)

	A, B := owner.vpcep, consumer.vpcep
	suffix := randomHex(3)

	// --- the networks and the load balancer -----------------------------------------------------
	ownerNet := createNetwork(owner, "192.168.0.0/16", "192.168.0.0/24", "192.168.0.1", wait)
	consumerNet := createNetwork(consumer, "10.0.0.0/16", "10.0.1.0/24", "10.0.1.1", wait)

	step("A tags its VPC (common/tags, as Terraform does on every VPC)")
	must(tags.Create(owner.neutron, "vpcs", ownerNet.vpc.ID, []tags.ResourceTag{{Key: "env", Value: "compat"}}).ExtractErr(), "tags.Create")
	vpcTags, err := tags.Get(owner.neutron, "vpcs", ownerNet.vpc.ID).Extract()
	must(err, "tags.Get")
	check(len(vpcTags) == 1 && vpcTags[0] == tags.ResourceTag{Key: "env", Value: "compat"}, "the VPC's tags are %+v", vpcTags)
	ok("tags %+v", vpcTags)

	step("A creates a load balancer in its subnet (vip_subnet_id: the Neutron subnet id) and waits for ACTIVE")
	lb, err := loadbalancers.Create(owner.elb, loadbalancers.CreateOpts{Name: "lb-" + suffix, VipSubnetID: ownerNet.subnet.SubnetID}).Extract()
	must(err, "loadbalancers.Create")
	check(lb.VipPortID != "" && lb.VipAddress != "", "the load balancer has no VIP port or address: %+v", lb)
	waitFor(wait, "load balancer %s ACTIVE", lb.ID, func() (bool, error) {
		got, err := loadbalancers.Get(owner.elb, lb.ID).Extract()
		return err == nil && got.ProvisioningStatus == "ACTIVE", err
	})
	port, err := ports.Get(owner.neutron, lb.VipPortID).Extract()
	must(err, "ports.Get of the VIP port")
	check(port.NetworkID == ownerNet.subnet.ID, "the VIP port's network_id is %q, want the subnet id %s", port.NetworkID, ownerNet.subnet.ID)
	check(len(port.FixedIPs) == 1 && port.FixedIPs[0].IPAddress == lb.VipAddress && port.FixedIPs[0].SubnetID == ownerNet.subnet.SubnetID,
		"the VIP port's fixed_ips are %+v, want %s in %s", port.FixedIPs, lb.VipAddress, ownerNet.subnet.SubnetID)
	ok("load balancer %s, VIP %s on port %s", lb.ID, lb.VipAddress, lb.VipPortID)

	// --- endpoint service -----------------------------------------------------------------------
	name := "compat-" + suffix
	step("A creates endpoint service %q on the VIP port (server_type LB, approval_enabled not sent)", name)
	created, err := services.Create(A, services.CreateOpts{
		PortID:      lb.VipPortID,
		VpcId:       ownerNet.vpc.ID,
		ServiceName: name,
		ServerType:  services.ServerTypeLB,
		ServiceType: services.ServiceTypeInterface,
		Ports:       []services.PortMapping{{ClientPort: 80, ServerPort: 8080, Protocol: "TCP"}},
	})
	must(err, "services.Create")
	svcID := created.ID
	check(svcID != "", "the created service has no id")
	check(created.Status == services.StatusCreating, "status is %q, want %q", created.Status, services.StatusCreating)
	check(created.ApprovalEnabled, "approval_enabled is false, want the default true")
	check(created.ServiceType == string(services.ServiceTypeInterface), "service_type is %q, want interface", created.ServiceType)
	check(created.ServerType == services.ServerTypeLB, "server_type is %q, want LB", created.ServerType)
	check(created.ConnectionCount == 0, "connection_count is %d, want 0", created.ConnectionCount)
	check(created.ProjectID == owner.provider.ProjectID, "project_id is %q, want %q", created.ProjectID, owner.provider.ProjectID)
	check(len(created.Ports) == 1 && created.Ports[0] == services.PortMapping{ClientPort: 80, ServerPort: 8080, Protocol: "TCP"},
		"ports are %+v, want [{80 8080 TCP}]", created.Ports)
	check(created.ServiceName == fullName(region, name, svcID), "service_name is %q, want %q", created.ServiceName, fullName(region, name, svcID))
	ok("service %s, status %s", svcID, created.Status)

	step("A waits for the service to become available (services.WaitForServiceStatus)")
	waitService(A, svcID, services.StatusAvailable, wait)
	got, err := services.Get(A, svcID)
	must(err, "services.Get")
	check(got.Status == services.StatusAvailable, "status is %q, want available", got.Status)
	check(got.CreatedAt == created.CreatedAt, "created_at changed from %q to %q", created.CreatedAt, got.CreatedAt)
	check(got.ApprovalEnabled, "approval_enabled is false, want true")
	ok("available, created_at %s", got.CreatedAt)

	newName := "renamed-" + suffix
	step("A renames the service to %q", newName)
	updated, err := services.Update(A, svcID, services.UpdateOpts{ServiceName: newName})
	must(err, "services.Update")
	fullNew := fullName(region, newName, svcID)
	check(updated.ServiceName == fullNew, "service_name is %q, want %q", updated.ServiceName, fullNew)
	check(updated.ApprovalEnabled, "approval_enabled became false after a rename")
	got, err = services.Get(A, svcID)
	must(err, "services.Get after the rename")
	check(got.ServiceName == fullNew, "service_name read back is %q, want %q", got.ServiceName, fullNew)
	ok("service_name %s", fullNew)

	step("A lists services filtered by id and by name")
	list, err := services.List(A, services.ListOpts{ID: svcID})
	must(err, "services.List with id=%s", svcID)
	check(len(list) == 1 && list[0].ID == svcID, "id filter returned %d services %v, want exactly %s", len(list), serviceIDs(list), svcID)
	list, err = services.List(A, services.ListOpts{Name: newName})
	must(err, "services.List with endpoint_service_name=%s", newName)
	check(len(list) == 1 && list[0].ID == svcID, "name filter %q returned %v, want exactly %s", newName, serviceIDs(list), svcID)
	list, err = services.List(A, services.ListOpts{Name: name})
	must(err, "services.List with the old name")
	check(len(list) == 0, "the old name %q still matches %v", name, serviceIDs(list))
	list, err = services.List(A, services.ListOpts{Status: services.StatusAvailable})
	must(err, "services.List with status=available")
	check(containsService(list, svcID), "status=available does not list %s (got %v)", svcID, serviceIDs(list))
	ok("id, name and status filters find the service")

	// --- whitelist ------------------------------------------------------------------------------
	permission := "iam:domain::" + consumer.provider.DomainID
	step("A whitelists B's domain: %s", permission)
	added, err := endpoints.BatchUpdateWhitelist(A, svcID, endpoints.BatchUpdateReq{
		Permissions: []string{permission},
		Action:      "add",
	})
	must(err, "endpoints.BatchUpdateWhitelist add")
	check(len(added.Permissions) == 1 && added.Permissions[0] == permission, "permissions in the answer are %v, want [%s]", added.Permissions, permission)
	wl, err := endpoints.GetWhitelist(A, svcID)
	must(err, "endpoints.GetWhitelist")
	found := false
	for _, p := range wl.Permissions {
		found = found || p.Permission == permission
	}
	check(found, "whitelist %+v does not hold %s", wl.Permissions, permission)
	check(wl.TotalCount == len(wl.Permissions), "total_count %d, but %d permissions listed", wl.TotalCount, len(wl.Permissions))
	ok("whitelist has %d entr(y/ies)", wl.TotalCount)

	// --- endpoint from the other account --------------------------------------------------------
	step("B describes the service by id and by full name (services.GetBasicInfo)")
	basic, err := services.GetBasicInfo(B, services.BasicOpts{ID: svcID})
	must(err, "services.GetBasicInfo id=%s", svcID)
	check(basic.ID == svcID && basic.ServiceName == fullNew, "describe by id gave %+v", basic)
	basic, err = services.GetBasicInfo(B, services.BasicOpts{Name: fullNew})
	must(err, "services.GetBasicInfo endpoint_service_name=%s", fullNew)
	check(basic.ID == svcID, "describe by name gave id %q, want %s", basic.ID, svcID)
	ok("%s is %s, server_type %s", basic.ServiceName, basic.ServiceType, basic.ServerType)

	step("B creates an endpoint to the service in its subnet, at 10.0.1.10 (enable_dns true)")
	ep, err := endpoints.Create(B, endpoints.CreateOpts{
		ServiceID: svcID,
		VpcId:     consumerNet.vpc.ID,
		NetworkID: consumerNet.subnet.ID,
		PortIP:    "10.0.1.10",
		EnableDNS: true,
	})
	must(err, "endpoints.Create")
	epID := ep.ID
	check(epID != "", "the created endpoint has no id")
	check(ep.Status == endpoints.StatusCreating, "status is %q, want %q", ep.Status, endpoints.StatusCreating)
	check(ep.ServiceID == svcID, "endpoint_service_id is %q, want %s", ep.ServiceID, svcID)
	check(ep.ProjectID == consumer.provider.ProjectID, "project_id is %q, want %q", ep.ProjectID, consumer.provider.ProjectID)
	check(ep.EnableDNS, "enable_dns is false, want true")
	ok("endpoint %s, marker_id %d, status %s", epID, ep.MarkerID, ep.Status)

	step("B waits for pendingAcceptance (endpoints.WaitForEndpointStatus)")
	waitEndpoint(B, epID, endpoints.StatusPendingAcceptance, wait)
	epGot, err := endpoints.Get(B, epID)
	must(err, "endpoints.Get")
	check(epGot.Status == endpoints.StatusPendingAcceptance, "status is %q, want pendingAcceptance", epGot.Status)
	check(epGot.ServiceName == fullNew, "endpoint_service_name is %q, want %q", epGot.ServiceName, fullNew)
	check(len(epGot.DNSNames) == 1, "dns_names is %v, want one name since enable_dns is true", epGot.DNSNames)
	check(epGot.MarkerID == ep.MarkerID, "marker_id changed from %d to %d", ep.MarkerID, epGot.MarkerID)
	ok("pendingAcceptance, dns %v", epGot.DNSNames)

	step("A lists the service's connections")
	conns, err := services.ListConnections(A, svcID, services.ListConnectionsOpts{})
	must(err, "services.ListConnections")
	conn := findConnection(conns, epID)
	check(conn != nil, "connections %v do not include endpoint %s", connectionIDs(conns), epID)
	check(conn.Status == string(endpoints.StatusPendingAcceptance), "connection status is %q, want pendingAcceptance", conn.Status)
	check(conn.DomainId == consumer.provider.DomainID, "connection domain_id is %q, want B's %s", conn.DomainId, consumer.provider.DomainID)
	check(conn.MarkerId == ep.MarkerID, "connection marker_id is %d, the endpoint's is %d", conn.MarkerId, ep.MarkerID)
	conns, err = services.ListConnections(A, svcID, services.ListConnectionsOpts{ID: epID})
	must(err, "services.ListConnections id=%s", epID)
	check(len(conns) == 1 && conns[0].ID == epID, "id filter returned %v, want exactly %s", connectionIDs(conns), epID)
	ok("connection %s from domain %s is %s", conn.ID, conn.DomainId, conn.Status)

	step("A accepts the connection (action receive)")
	acted, err := services.Action(A, svcID, services.ActionOpts{Action: "receive", Endpoints: []string{epID}})
	must(err, "services.Action receive")
	conn = findConnection(acted, epID)
	check(conn != nil, "the action answer %v does not include endpoint %s", connectionIDs(acted), epID)
	check(conn.Status == string(endpoints.StatusAccepted), "status in the action answer is %q, want accepted", conn.Status)
	ok("accepted")

	step("B sees the endpoint accepted")
	waitEndpoint(B, epID, endpoints.StatusAccepted, wait)
	epGot, err = endpoints.Get(B, epID)
	must(err, "endpoints.Get")
	// The API shows the address of an interface endpoint once the owner has accepted it.
	check(epGot.IP == "10.0.1.10", "the accepted endpoint's ip is %q, want 10.0.1.10", epGot.IP)
	eps, err := endpoints.List(B, endpoints.ListOpts{ID: epID})
	must(err, "endpoints.List id=%s", epID)
	check(len(eps) == 1 && eps[0].ID == epID && eps[0].Status == endpoints.StatusAccepted,
		"id filter returned %d endpoints (%+v), want %s accepted", len(eps), eps, epID)
	got, err = services.Get(A, svcID)
	must(err, "services.Get")
	check(got.ConnectionCount == 1, "the service's connection_count is %d, want 1", got.ConnectionCount)
	ok("accepted, ip %s; the service counts %d connection", epGot.IP, got.ConnectionCount)

	// --- quotas and public services -------------------------------------------------------------
	step("quotas and public services")
	q, err := quota.Get(A, "endpoint_service")
	must(err, "quota.Get type=endpoint_service")
	r := findQuota(q, "endpoint_service")
	check(r != nil, "quota type endpoint_service missing from %+v", quotaTypes(q))
	check(r.Used >= 1 && r.Quota >= r.Used, "endpoint_service quota is used %d of %d, want at least 1 used", r.Used, r.Quota)
	q, err = quota.Get(B, "")
	must(err, "quota.Get without type")
	check(findQuota(q, "endpoint_service") != nil && findQuota(q, "endpoint") != nil,
		"quotas without a type are %v, want endpoint_service and endpoint", quotaTypes(q))
	r = findQuota(q, "endpoint")
	check(r.Used >= 1 && r.Quota >= r.Used, "B's endpoint quota is used %d of %d, want at least 1 used", r.Used, r.Quota)
	public, err := services.ListPublic(B, services.ListPublicOpts{})
	must(err, "services.ListPublic")
	check(len(public) > 0, "no public services")
	check(public[0].Owner == "OTC", "public[0].owner is %q, want OTC", public[0].Owner)
	ok("%d public services, the first %s", len(public), public[0].ServiceName)

	// --- teardown -------------------------------------------------------------------------------
	step("B deletes the endpoint and waits for 404")
	must(endpoints.Delete(B, epID), "endpoints.Delete")
	waitEndpoint(B, epID, "", wait)
	ok("endpoint %s is gone", epID)

	step("A deletes the service and waits for 404")
	must(services.Delete(A, svcID), "services.Delete")
	waitService(A, svcID, services.StatusDeleted, wait)
	ok("service %s is gone", svcID)

	step("A deletes the load balancer and waits for 404")
	must(loadbalancers.Delete(owner.elb, lb.ID).ExtractErr(), "loadbalancers.Delete")
	waitFor(wait, "load balancer %s gone", lb.ID, func() (bool, error) { return gone(loadbalancers.Get(owner.elb, lb.ID).Err) })
	ok("load balancer %s is gone", lb.ID)

	deleteNetwork(owner, ownerNet, wait)
	deleteNetwork(consumer, consumerNet, wait)

	fmt.Println("PASS: the gophertelekomcloud story ran through")
}

// createNetwork creates a VPC and a subnet in it for the account, each waited for as Terraform waits (VPC OK,
// subnet ACTIVE), and checks the ids the other APIs take: the subnet's id is its Neutron network.
func createNetwork(acc *account, vpcCIDR, subnetCIDR, gateway string, wait int) network {
	step("%s creates a VPC %s and a subnet %s in it", acc.label, vpcCIDR, subnetCIDR)
	vpc, err := vpcs.Create(acc.vpc, vpcs.CreateOpts{Name: "vpc-" + randomHex(3), CIDR: vpcCIDR}).Extract()
	must(err, "vpcs.Create")
	check(vpc.Status == "CREATING", "the new VPC is %q, want CREATING", vpc.Status)
	waitFor(wait, "VPC %s OK", vpc.ID, func() (bool, error) {
		got, err := vpcs.Get(acc.vpc, vpc.ID).Extract()
		return err == nil && got.Status == "OK", err
	})
	subnet, err := subnets.Create(acc.vpc, subnets.CreateOpts{
		Name:      "subnet-" + randomHex(3),
		CIDR:      subnetCIDR,
		GatewayIP: gateway,
		VpcID:     vpc.ID,
	}).Extract()
	must(err, "subnets.Create")
	waitFor(wait, "subnet %s ACTIVE", subnet.ID, func() (bool, error) {
		got, err := subnets.Get(acc.vpc, subnet.ID).Extract()
		return err == nil && got.Status == "ACTIVE", err
	})
	check(subnet.NetworkID == subnet.ID && subnet.SubnetID != "" && subnet.SubnetID != subnet.ID,
		"the subnet's ids are id %s, neutron_network_id %s, neutron_subnet_id %s", subnet.ID, subnet.NetworkID, subnet.SubnetID)
	ok("VPC %s, subnet %s (Neutron subnet %s)", vpc.ID, subnet.ID, subnet.SubnetID)
	return network{vpc: vpc, subnet: subnet}
}

// deleteNetwork deletes the subnet, then the VPC, as Terraform does, and checks both are gone.
func deleteNetwork(acc *account, n network, wait int) {
	step("%s deletes its subnet and its VPC", acc.label)
	must(subnets.Delete(acc.vpc, n.vpc.ID, n.subnet.ID).ExtractErr(), "subnets.Delete")
	waitFor(wait, "subnet %s gone", n.subnet.ID, func() (bool, error) { return gone(subnets.Get(acc.vpc, n.subnet.ID).Err) })
	must(vpcs.Delete(acc.vpc, n.vpc.ID).ExtractErr(), "vpcs.Delete")
	waitFor(wait, "VPC %s gone", n.vpc.ID, func() (bool, error) { return gone(vpcs.Get(acc.vpc, n.vpc.ID).Err) })
	ok("subnet %s and VPC %s are gone", n.subnet.ID, n.vpc.ID)
}

// waitFor polls with the SDK's own waiter until `done` holds; an error other than the condition fails the story.
func waitFor(timeout int, what string, id string, done func() (bool, error)) {
	var last error
	err := golangsdk.WaitFor(timeout, func() (bool, error) {
		ready, err := done()
		last = err
		return ready, nil
	})
	if err != nil {
		fail("waiting for "+what+" (%ds): %v; last error: %v", id, timeout, err, last)
	}
}

// gone tells whether a GET answered 404, which is how the SDK's callers recognise a deleted resource.
func gone(err error) (bool, error) {
	if err == nil {
		return false, nil
	}
	if _, notFound := err.(golangsdk.ErrDefault404); notFound {
		return true, nil
	}
	return false, err
}

// waitService runs the SDK's service waiter and, when it gives up, says what it saw last.
func waitService(c *golangsdk.ServiceClient, id string, status services.Status, timeout int) {
	err := services.WaitForServiceStatus(c, id, status, timeout)
	if err == nil {
		return
	}
	last := "unknown"
	if s, gerr := services.Get(c, id); gerr == nil {
		last = fmt.Sprintf("%q", s.Status)
	} else {
		last = gerr.Error()
	}
	fail("services.WaitForServiceStatus(%s, %q, %ds): %v; last seen: %s", id, status, timeout, err, last)
}

// waitEndpoint runs the SDK's endpoint waiter ("" waits for 404) and, when it gives up, says what it saw last.
func waitEndpoint(c *golangsdk.ServiceClient, id string, status endpoints.Status, timeout int) {
	err := endpoints.WaitForEndpointStatus(c, id, status, timeout)
	if err == nil {
		return
	}
	last := "unknown"
	if e, gerr := endpoints.Get(c, id); gerr == nil {
		last = fmt.Sprintf("%q", e.Status)
	} else {
		last = gerr.Error()
	}
	fail("endpoints.WaitForEndpointStatus(%s, %q, %ds): %v; last seen: %s", id, status, timeout, err, last)
}

func fullName(region, name, id string) string { return region + "." + name + "." + id }

func findConnection(list []services.Connection, id string) *services.Connection {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

func findQuota(q *quota.Quota, kind string) *quota.Resources {
	if q == nil || q.Quotas == nil {
		return nil
	}
	for i := range q.Quotas.Resources {
		if q.Quotas.Resources[i].Type == kind {
			return &q.Quotas.Resources[i]
		}
	}
	return nil
}

func quotaTypes(q *quota.Quota) []string {
	var out []string
	if q != nil && q.Quotas != nil {
		for _, r := range q.Quotas.Resources {
			out = append(out, r.Type)
		}
	}
	return out
}

func containsService(list []services.Service, id string) bool {
	for _, s := range list {
		if s.ID == id {
			return true
		}
	}
	return false
}

func serviceIDs(list []services.Service) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func connectionIDs(list []services.Connection) []string {
	out := make([]string, 0, len(list))
	for _, c := range list {
		out = append(out, c.ID+"="+c.Status)
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		fail("reading random bytes: %v", err)
	}
	return hex.EncodeToString(b)
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func step(format string, args ...any) {
	stepNo++
	fmt.Printf("\n[%02d] %s\n", stepNo, fmt.Sprintf(format, args...))
}

func ok(format string, args ...any) {
	fmt.Printf("     ok: %s\n", fmt.Sprintf(format, args...))
}

func check(cond bool, format string, args ...any) {
	if !cond {
		fail(format, args...)
	}
}

func must(err error, format string, args ...any) {
	if err == nil {
		return
	}
	what := fmt.Sprintf(format, args...)
	if u, found := responseError(err); found {
		fail("%s: HTTP %d from %s %s (the SDK accepts %v): %s", what, u.Actual, u.Method, u.URL, u.Expected, strings.TrimSpace(string(u.Body)))
	}
	fail("%s: %v", what, err)
}

// responseError finds the SDK's record of an unexpected HTTP status, which it wraps in one type per status.
func responseError(err error) (golangsdk.ErrUnexpectedResponseCode, bool) {
	var u golangsdk.ErrUnexpectedResponseCode
	switch e := err.(type) {
	case golangsdk.ErrUnexpectedResponseCode:
		u = e
	case golangsdk.ErrDefault400:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault401:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault403:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault404:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault405:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault408:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault409:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault429:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault500:
		u = e.ErrUnexpectedResponseCode
	case golangsdk.ErrDefault503:
		u = e.ErrUnexpectedResponseCode
	default:
		if next := errors.Unwrap(err); next != nil {
			return responseError(next)
		}
		return u, false
	}
	return u, true
}

func fail(format string, args ...any) {
	where := ""
	if stepNo > 0 {
		where = fmt.Sprintf(" in step %d", stepNo)
	}
	fmt.Fprintf(os.Stderr, "FAIL%s: %s\n", where, fmt.Sprintf(format, args...))
	os.Exit(1)
}
