#!/usr/bin/env python3
"""Compatibility story: the official Huawei Cloud Python SDK (huaweicloudsdkvpcep) against the emulator.

Every one of the SDK's 33 VpcepClient methods is called through the SDK's own client, signed with
AK/SK (SDK-HMAC-SHA256), against an emulator in strict mode, so every signature is verified. Every
answer must deserialize without a warning. Two accounts take part: the owner of an endpoint service
and a consumer (another project, which is an account of its own) that connects to it.

Usage: story.py [--endpoint URL] [--keys OWNER_AK:SK:PROJECT,CONSUMER_AK:SK:PROJECT] [--timeout SECONDS]
Defaults come from the environment scripts/compat.mjs sets: COMPAT_EMULATOR_URL, COMPAT_HUAWEI_KEYS,
COMPAT_WAIT (60). Exit status: 0 when every check passed, 1 on the first failed check, 2 on bad usage.
"""

import argparse
import os
import sys
import time
import traceback
import warnings


# The checks every story shares live next to the stories' folders.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from story_checks import StoryFailure, check, say  # noqa: E402


try:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions import exceptions
    from huaweicloudsdkvpcep.v1 import *  # noqa: F401,F403  (VpcepClient and every request and body model)
    from huaweicloudsdkvpcep.v1 import VpcepClient
except ImportError as error:
    print(
        f"FAIL: cannot import the Huawei Cloud SDK ({error}). Run this through test/compat/huawei/run.sh, "
        "which installs requirements.txt into a virtual environment.",
        file=sys.stderr,
    )
    sys.exit(1)

VPC = "4189d3c2-8882-4871-a3c2-d380272eed80"
SUBNET = "61881173-3899-4981-a700-170253d469b6"
PORT_ID = "4189d3c2-8882-4871-a3c2-d3802720b0e1"
ROUTE_TABLES = ["705290f3-0d00-41f2-aedc-71f09844e879", "705290f3-0d00-41f2-aedc-71f09844e87a"]
LOAD_BALANCER = "20872649-163e-4302-83be-8ff6e3ab0cd6"


class Account:
    """One AK/SK key pair bound to one project: a client of its own."""

    def __init__(self, label, endpoint, key):
        self.label = label
        self.ak, sk, self.project_id = key.split(":")
        self.client = (
            VpcepClient.new_builder()
            .with_credentials(BasicCredentials(self.ak, sk, self.project_id))
            .with_endpoint(endpoint)
            .build()
        )


class Story:
    def __init__(self, args):
        owner_key, consumer_key = args.keys.split(",")
        self.owner = Account("owner", args.endpoint, owner_key)
        self.consumer = Account("consumer", args.endpoint, consumer_key)
        self.timeout = args.timeout
        self.step_number = 0
        self.called = set()

    def step(self, text):
        self.step_number += 1
        say(f"{self.step_number:2d}. {text}")

    def call(self, account, method, request):
        """One SDK call; any warning while the SDK reads the answer fails the story."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = getattr(account.client, method)(request)
        self.called.add(method)
        check(not caught, f"{method}: the SDK warned: {[str(w.message) for w in caught]}")
        check(response.status_code < 300, f"{method}: HTTP {response.status_code}")
        return response

    def refused(self, account, method, request, status, code):
        """A call the emulator must refuse with this status and error code."""
        try:
            getattr(account.client, method)(request)
        except exceptions.ClientRequestException as error:
            self.called.add(method)
            check(
                error.status_code == status and error.error_code == code,
                f"{method}: got {error.status_code} {error.error_code}, want {status} {code} ({error.error_msg})",
            )
            return error
        raise StoryFailure(f"{method}: succeeded, want {status} {code}")

    def wait(self, what, probe):
        deadline = time.monotonic() + self.timeout
        while True:
            value = probe()
            if value:
                return value
            check(time.monotonic() < deadline, f"{what} did not happen within {self.timeout}s")
            time.sleep(0.2)

    def service(self, service_id):
        return self.call(self.owner, "list_service_details", ListServiceDetailsRequest(vpc_endpoint_service_id=service_id))

    def endpoint(self, endpoint_id):
        return self.call(
            self.consumer, "list_endpoint_info_details", ListEndpointInfoDetailsRequest(vpc_endpoint_id=endpoint_id)
        )

    def run(self):
        owner, consumer = self.owner, self.consumer

        self.step("versions: GET / lists v1 and v2; GET /v1 and /v2 show them")
        versions = self.call(owner, "list_version_details", ListVersionDetailsRequest())
        check([v.id for v in versions.versions] == ["v1", "v2"], f"versions {[v.id for v in versions.versions]}")
        for version in ("v1", "v2"):
            shown = self.call(owner, "list_specified_version_details", ListSpecifiedVersionDetailsRequest(version=version))
            check(shown.version.id == version and shown.version.status == "CURRENT", f"{version}: {shown.version}")

        self.step("the owner creates an LB service that needs approval")
        created = self.call(owner, "create_endpoint_service", CreateEndpointServiceRequest(body=CreateEndpointServiceRequestBody(
            port_id=PORT_ID, vpc_id=VPC, server_type="LB", approval_enabled=True, service_name="hwsdk",
            ports=[PortList(client_port=80, server_port=8080, protocol="TCP")], tags=[TagList(key="suite", value="huawei")],
        )))
        service_id = created.id
        check(created.status == "creating", f"status {created.status}")
        check(created.service_name == f"eu-de.hwsdk.{service_id}", f"service_name {created.service_name}")
        self.wait("the service to become available", lambda: self.service(service_id).status == "available")
        details = self.service(service_id)
        check(details.cidr_type == "internal" and details.enable_policy is False, f"cidr_type/enable_policy {details}")
        check(details.ports[0].server_port == 8080, f"ports {details.ports}")

        self.step("list services with the SDK's sort keys (create_at, update_at)")
        for sort_key in ("create_at", "update_at"):
            listed = self.call(owner, "list_endpoint_service", ListEndpointServiceRequest(
                sort_key=sort_key, sort_dir="desc", limit=10, offset=0, public_border_group="center", net_type="all"))
            check(listed.total_count == 1 and listed.endpoint_services[0].id == service_id, f"{sort_key}: {listed}")
            check(listed.endpoint_services[0].public_border_group == "center", "public_border_group")

        self.step("modify, rename, upgrade the service and add a server resource")
        updated = self.call(owner, "update_endpoint_service", UpdateEndpointServiceRequest(
            vpc_endpoint_service_id=service_id, body=UpdateEndpointServiceRequestBody(description="from the Huawei SDK")))
        check(updated.description == "from the Huawei SDK", f"description {updated.description!r}")
        renamed = self.call(owner, "update_endpoint_service_name", UpdateEndpointServiceNameRequest(
            vpc_endpoint_service_id=service_id, body=UpdateEndpointServiceNameRequestBody(endpoint_service_name="renamed")))
        check(renamed.endpoint_service_name == f"eu-de.renamed.{service_id}", f"name {renamed.endpoint_service_name}")
        self.call(owner, "upgrade_endpoint_service", UpgradeEndpointServiceRequest(vpc_endpoint_service_id=service_id))
        check("profession" in self.service(service_id).supported_editions, "the upgrade did not add profession")
        self.call(owner, "add_endpoint_service_server_resource", AddEndpointServiceServerResourceRequest(
            vpc_endpoint_service_id=service_id, body=AddEndpointServiceServerResourceRequestBody(
                server_resources=[ServerResource(resource_id=LOAD_BALANCER, availability_zone_id="eu-de-01")])))

        self.step("the owner whitelists the consumer's account; records with descriptions come and go by id")
        consumer_record = f"iam:domain::{consumer.project_id}"
        action = self.call(owner, "add_or_remove_service_permissions", AddOrRemoveServicePermissionsRequest(
            vpc_endpoint_service_id=service_id, body=AddOrRemoveServicePermissionsRequestBody(
                action="add", permissions=[consumer_record], permission_type="domainId")))
        check(action.permissions == [consumer_record] and action.permission_type == "domainId", f"{action}")
        batch = self.call(owner, "batch_add_endpoint_service_permissions", BatchAddEndpointServicePermissionsRequest(
            vpc_endpoint_service_id=service_id, body=BatchAddEndpointServicePermissionsRequestBody(
                permission_type="domainId",
                permissions=[EpsAddPermissionRequest(permission="iam:domain::4dbb0ce8766f44a9bfd08ccf8fc02397", description="test")])))
        record_id = batch.permissions[0].id
        check(batch.permissions[0].description == "test", f"batch-create {batch}")
        described = self.call(owner, "update_endpoint_service_permission_desc", UpdateEndpointServicePermissionDescRequest(
            vpc_endpoint_service_id=service_id, permission_id=record_id,
            body=UpdateEndpointServicePermissionDescRequestBody(permission=EpsUpdatePermissionDesc(description="renamed"))))
        check(described.permissions[0].description == "renamed", f"{described}")
        listed = self.call(owner, "list_service_permissions_details", ListServicePermissionsDetailsRequest(
            vpc_endpoint_service_id=service_id, sort_key="create_at", sort_dir="asc", limit=10, offset=0))
        check([p.permission for p in listed.permissions] == [consumer_record, "iam:domain::4dbb0ce8766f44a9bfd08ccf8fc02397"],
              f"whitelist {listed}")
        remaining = self.call(owner, "batch_remove_endpoint_service_permissions", BatchRemoveEndpointServicePermissionsRequest(
            vpc_endpoint_service_id=service_id,
            body=BatchRemoveEndpointServicePermissionsRequestBody(permissions=[EpsRemovePermissionRequest(id=record_id)])))
        check([p.permission for p in remaining.permissions] == [consumer_record], f"after batch-delete {remaining}")

        self.step("the consumer describes the service and finds the public OBS service")
        desc = self.call(consumer, "list_service_describe_details", ListServiceDescribeDetailsRequest(id=service_id))
        check(desc.service_name == f"eu-de.renamed.{service_id}", f"describe {desc}")
        public = self.call(consumer, "list_service_public_details", ListServicePublicDetailsRequest(
            sort_key="create_at", sort_dir="desc", limit=10, offset=0, endpoint_service_name="obs"))
        obs = public.endpoint_services[0]
        check(obs.service_type == "gateway" and obs.enable_policy is True, f"public {obs}")

        self.step("the consumer connects; the owner sees, accepts and describes the connection")
        ep = self.call(consumer, "create_endpoint", CreateEndpointRequest(body=CreateEndpointRequestBody(
            endpoint_service_id=service_id, vpc_id=VPC, subnet_id=SUBNET, enable_dns=True,
            tags=[TagList(key="suite", value="huawei")])))
        check(ep.status == "creating", f"endpoint status {ep.status}")
        self.wait("the endpoint to reach pendingAcceptance", lambda: self.endpoint(ep.id).status == "pendingAcceptance")
        connections = self.call(owner, "list_service_connections", ListServiceConnectionsRequest(
            vpc_endpoint_service_id=service_id, sort_key="update_at", sort_dir="asc", limit=10, offset=0))
        check([c.id for c in connections.connections] == [ep.id], f"connections {connections}")
        accepted = self.call(owner, "accept_or_reject_endpoint", AcceptOrRejectEndpointRequest(
            vpc_endpoint_service_id=service_id, body=AcceptOrRejectEndpointRequestBody(action="receive", endpoints=[ep.id])))
        check(accepted.connections[0].status == "accepted", f"{accepted}")
        desc = self.call(owner, "update_endpoint_connections_desc", UpdateEndpointConnectionsDescRequest(
            vpc_endpoint_service_id=service_id, body=UpdateEndpointConnectionsDescRequestBody(
                connections=[ConnectionsDesc(id=ep.id, description="db link")])))
        check(desc.connections[0].description == "db link", f"{desc}")

        self.step("the consumer lists its endpoints, sets its whitelist and upgrades it")
        listed = self.call(consumer, "list_endpoints", ListEndpointsRequest(sort_key="create_at", sort_dir="desc", limit=10, offset=0))
        check(listed.total_count == 1 and listed.endpoints[0].ip, f"endpoints {listed}")
        check(len(listed.endpoints[0].dns_names) == 1, f"dns_names {listed.endpoints[0].dns_names}")
        white = self.call(consumer, "update_endpoint_white", UpdateEndpointWhiteRequest(
            vpc_endpoint_id=ep.id, body=UpdateEndpointWhiteRequestBody(whitelist=["192.168.1.1", "10.0.0.0/24"], enable_whitelist=True)))
        check(white.whitelist == ["192.168.1.1", "10.0.0.0/24"] and white.enable_whitelist is True, f"{white}")
        self.call(consumer, "upgrade_endpoint", UpgradeEndpointRequest(
            vpc_endpoint_id=ep.id, body=UpgradeEndpointRequestBody(action="start")))

        self.step("a gateway endpoint to OBS: route tables and policy")
        gw = self.call(consumer, "create_endpoint", CreateEndpointRequest(body=CreateEndpointRequestBody(
            endpoint_service_id=obs.id, vpc_id=VPC, routetables=[ROUTE_TABLES[0]])))
        self.wait("the gateway endpoint to be accepted", lambda: self.endpoint(gw.id).status == "accepted")
        tables = self.call(consumer, "update_endpoint_routetable", UpdateEndpointRoutetableRequest(
            vpc_endpoint_id=gw.id, body=UpdateEndpointRoutetableRequestBody(routetables=ROUTE_TABLES)))
        check(tables.routetables == ROUTE_TABLES and tables.error is None, f"{tables}")
        policy = self.call(consumer, "update_endpoint_policy", UpdateEndpointPolicyRequest(
            vpc_endpoint_id=gw.id, body=UpdateEndpointPolicyRequestBody(policy_statement=[
                PolicyStatement(effect="Allow", action=["obs:*:*"], resource=["obs:*:*:*:*/*"])])))
        check(policy.policy_statement[0].resource == ["obs:*:*:*:*/*"], f"{policy.policy_statement}")
        removed = self.call(consumer, "delete_endpoint_policy", DeleteEndpointPolicyRequest(vpc_endpoint_id=gw.id))
        check(removed.policy_statement == [], f"after delete {removed.policy_statement}")

        self.step("tags: add, list the project's, find resources by tag")
        self.call(consumer, "batch_add_or_remove_resource_instance", BatchAddOrRemoveResourceInstanceRequest(
            resource_type="endpoint", resource_id=gw.id,
            body=BatchAddOrRemoveResourceInstanceRequestBody(action="create", tags=[ResourceTag(key="env", value="dev")])))
        project_tags = self.call(consumer, "list_query_project_resource_tags", ListQueryProjectResourceTagsRequest(resource_type="endpoint"))
        check({t.key: t.values for t in project_tags.tags} == {"env": ["dev"], "suite": ["huawei"]}, f"{project_tags}")
        found = self.call(consumer, "list_resource_instances", ListResourceInstancesRequest(
            resource_type="endpoint", body=QueryResourceInstanceTagsBody(
                action="filter", limit="10", offset="0", tags=[TagValuesList(key="env", values=["dev"])])))
        check(found.total_count == 1 and found.resources[0].resource_id == gw.id, f"{found}")

        self.step("quotas")
        quotas = self.call(consumer, "list_quota_details", ListQuotaDetailsRequest(type="endpoint"))
        check([(q.type, q.used) for q in quotas.quotas.resources] == [("endpoint", 2)], f"{quotas}")

        self.step("errors come back as the SDK's exceptions")
        self.refused(consumer, "list_service_details", ListServiceDetailsRequest(vpc_endpoint_service_id=service_id),
                     404, "EndPoint.0005")
        self.refused(owner, "delete_endpoint_service", DeleteEndpointServiceRequest(vpc_endpoint_service_id=service_id),
                     400, "EndPoint.3006")

        self.step("the consumer deletes its endpoints, then the owner the service")
        for endpoint_id in (ep.id, gw.id):
            self.call(consumer, "delete_endpoint", DeleteEndpointRequest(vpc_endpoint_id=endpoint_id))
        self.call(owner, "delete_endpoint_service", DeleteEndpointServiceRequest(vpc_endpoint_service_id=service_id))

        def gone():
            try:
                owner.client.list_service_details(ListServiceDetailsRequest(vpc_endpoint_service_id=service_id))
            except exceptions.ClientRequestException as error:
                return error.status_code == 404
            return False

        self.wait("the service to be gone", gone)

        methods = {name for name in dir(VpcepClient) if not name.startswith("_") and name not in ("new_builder",)
                   and callable(getattr(VpcepClient, name)) and not name.endswith("_invoker")}
        sdk_methods = {m for m in methods if hasattr(VpcepClient, f"_{m}_http_info")}
        missing = sorted(sdk_methods - self.called)
        check(len(sdk_methods) == 33, f"the SDK has {len(sdk_methods)} methods, expected 33")
        check(not missing, f"methods never called: {missing}")
        say(f"all {len(sdk_methods)} VpcepClient methods called, every answer read without a warning")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", default=os.environ.get("COMPAT_EMULATOR_URL"))
    parser.add_argument("--keys", default=os.environ.get("COMPAT_HUAWEI_KEYS"))
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("COMPAT_WAIT", "60")))
    args = parser.parse_args()
    if not args.endpoint or not args.keys or len(args.keys.split(",")) != 2:
        parser.print_usage(sys.stderr)
        print("story.py: --endpoint and --keys (OWNER_AK:SK:PROJECT,CONSUMER_AK:SK:PROJECT) are required", file=sys.stderr)
        sys.exit(2)
    story = Story(args)
    try:
        story.run()
    except StoryFailure as failure:
        print(f"FAIL at step {story.step_number}: {failure}", file=sys.stderr)
        sys.exit(1)
    except exceptions.SdkException as error:
        print(f"FAIL at step {story.step_number}: the SDK raised {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
    except Exception:  # noqa: BLE001 - any other failure is a failed story with its traceback
        traceback.print_exc()
        print(f"FAIL at step {story.step_number}: unexpected exception", file=sys.stderr)
        sys.exit(1)
    say("PASS: the Huawei Cloud SDK story")


if __name__ == "__main__":
    main()
