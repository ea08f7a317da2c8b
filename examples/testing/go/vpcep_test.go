// Tests against the emulator with gophertelekomcloud: each test starts from a clean state, creates
// through the SDK, settles or waits through the test-control API, and checks what the SDK did with an
// injected fault in the request journal. Run: go test ./... (VPCEP_EMULATOR defaults to
// http://127.0.0.1:9600).
package vpcep_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	golangsdk "github.com/opentelekomcloud/gophertelekomcloud"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/vpcep/v1/services"
)

var emulator = envOr("VPCEP_EMULATOR", "http://127.0.0.1:9600")

// control calls the test-control API and decodes its JSON answer into out (when given).
func control(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	var payload bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&payload).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, emulator+"/_emulator"+path, &payload)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// vpcepClient logs in through the emulator's Keystone, as a real configuration would.
func vpcepClient(t *testing.T) *golangsdk.ServiceClient {
	t.Helper()
	provider, err := openstack.AuthenticatedClient(golangsdk.AuthOptions{
		IdentityEndpoint: emulator + "/v3",
		Username:         "me",
		Password:         "anything",
		DomainName:       "my-domain",
		TenantName:       "eu-de_my-project",
	})
	if err != nil {
		t.Fatal(err)
	}
	client, err := openstack.NewVpcEpV1(provider, golangsdk.EndpointOpts{Region: "eu-de"})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// cleanStart removes every resource, fault rule and journal entry; logged-in clients stay logged in.
func cleanStart(t *testing.T) {
	t.Helper()
	for _, call := range [][2]string{{"POST", "/reset"}, {"DELETE", "/faults"}, {"DELETE", "/requests"}} {
		if status := control(t, call[0], call[1], nil, nil); status != http.StatusOK {
			t.Fatalf("%s %s: status %d", call[0], call[1], status)
		}
	}
}

func createService(t *testing.T, client *golangsdk.ServiceClient) *services.Service {
	t.Helper()
	service, err := services.Create(client, services.CreateOpts{
		PortID:     "4189d3c2-8882-4871-a3c2-d380272eed88",
		VpcId:      "4189d3c2-8882-4871-a3c2-d380272eed80",
		ServerType: services.ServerTypeLB,
		Ports:      []services.PortMapping{{ClientPort: 80, ServerPort: 8080}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return service
}

func TestServiceBecomesAvailable(t *testing.T) {
	cleanStart(t)
	client := vpcepClient(t)
	service := createService(t, client)
	if service.Status != "creating" {
		t.Fatalf("a new service is %q, want creating", service.Status)
	}
	// Instead of waiting one or two minutes: complete what is pending now.
	control(t, http.MethodPost, "/settle?id="+service.ID, nil, nil)
	got, err := services.Get(client, service.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "available" {
		t.Fatalf("after settle the service is %q, want available", got.Status)
	}
}

func TestDeletedServiceIsGone(t *testing.T) {
	cleanStart(t)
	client := vpcepClient(t)
	service := createService(t, client)
	control(t, http.MethodPost, "/settle", nil, nil)
	if err := services.Delete(client, service.ID); err != nil {
		t.Fatal(err)
	}
	control(t, http.MethodPost, "/settle", nil, nil)
	// Or, with a real delay, let the emulator answer once it is gone.
	var waited struct{ Status string }
	if status := control(t, http.MethodGet, "/wait?status=deleted&timeout=30&id="+service.ID, nil, &waited); status != 200 {
		t.Fatalf("wait: status %d", status)
	}
	if _, err := services.Get(client, service.ID); err == nil {
		t.Fatal("the deleted service is still there")
	}
}

func TestTheSDKRetriesABadGateway(t *testing.T) {
	cleanStart(t)
	client := vpcepClient(t)
	rules := map[string]any{"rules": []map[string]any{{
		"method": "GET", "path": "/v1/*/vpc-endpoint-services", "times": 1,
		"status": 502, "error_code": "EndPoint.0001", "error_msg": "Bad gateway",
	}}}
	control(t, http.MethodPut, "/faults", rules, nil)
	if _, err := services.List(client, services.ListOpts{}); err != nil {
		t.Fatalf("the SDK should retry a 502 once: %v", err)
	}
	var journal struct {
		Requests []struct {
			Status int
			Fault  bool
		}
	}
	control(t, http.MethodGet, "/requests?path=/v1/*/vpc-endpoint-services", nil, &journal)
	if got := fmt.Sprint(journal.Requests); got != "[{200 false} {502 true}]" {
		t.Fatalf("journal (newest first) is %s, want the 502 and then the retry", got)
	}
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
