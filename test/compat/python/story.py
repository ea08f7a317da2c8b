#!/usr/bin/env python3
"""Compatibility story: python-otcextensions / openstacksdk against the VPCEP emulator.

Only the clients' own calls are used: openstacksdk reads a generated clouds.yaml, keystoneauth
authenticates by password against the emulator's Keystone (<emulator>/v3), the `vpcep` endpoint
comes from the token's catalog, and otcextensions' vpcep proxy does every VPCEP call. The SDK has
no waiters for vpcep, so the story polls with the proxy's getters, as otcextensions' own functional
tests do.

Two accounts take part: A owns an endpoint service, B (another domain) connects to it.

Usage: story.py [--auth-url URL] [--region NAME] [--password TEXT] [--timeout SECONDS] [--debug]
Defaults come from the environment scripts/compat.mjs sets: OS_AUTH_URL (e.g.
http://127.0.0.1:9600/v3), OS_REGION_NAME (eu-de), OS_PASSWORD (compat-password), COMPAT_WAIT (60).
Exit status: 0 when every check passed, 1 on the first failed check, 2 on bad usage.
"""

import argparse
import os
import re
import sys
import tempfile
import time
import traceback
import uuid

HEX32 = re.compile(r"^[0-9a-f]{32}$")


# The checks every story shares live next to the stories' folders.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from story_checks import StoryFailure, check, say  # noqa: E402


def import_clients():
    try:
        import openstack  # noqa: F401
        import openstack.config  # noqa: F401
        import openstack.connection  # noqa: F401
        import otcextensions.sdk  # noqa: F401
        import yaml  # noqa: F401
    except ImportError as error:
        print(
            f"FAIL: cannot import the Python clients ({error}). Run this through "
            "test/compat/python/run.sh, which installs requirements.txt into a virtual environment.",
            file=sys.stderr,
        )
        sys.exit(1)


def describe_error(error):
    """One line for an exception raised by the SDK, with the HTTP exchange when there is one."""
    text = f"{type(error).__module__}.{type(error).__name__}: {error}"
    response = getattr(error, "response", None)
    if response is not None and getattr(response, "request", None) is not None:
        text += (
            f" [{response.request.method} {response.request.url} -> HTTP {response.status_code}:"
            f" {response.text[:500]!r}]"
        )
    return text


class Account:
    """One cloud account: a domain with a user of the same name and one project."""

    def __init__(self, label, cloud, domain, project):
        self.label = label
        self.cloud = cloud
        self.domain = domain
        self.project = project
        self.conn = None
        self.project_id = None
        self.domain_id = None

    def cloud_entry(self, auth_url, region, password):
        return {
            "auth_type": "password",
            "auth": {
                "auth_url": auth_url,
                "username": self.domain,
                "password": password,
                "user_domain_name": self.domain,
                "project_name": self.project,
                "project_domain_name": self.domain,
            },
            "identity_api_version": "3",
            "region_name": region,
            "interface": "public",
        }


def write_clouds_yaml(directory, accounts, auth_url, region, password):
    import yaml

    path = os.path.join(directory, "clouds.yaml")
    document = {"clouds": {a.cloud: a.cloud_entry(auth_url, region, password) for a in accounts}}
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(document, handle, default_flow_style=False)
    return path


def connect(account, clouds_yaml, auth_url):
    """Authenticate the account through the SDK and register the OTC services on the connection."""
    import openstack.config
    import openstack.connection
    import otcextensions.sdk

    # Only the generated file: no ~/.config/openstack files, no vendor profiles, no OS_* variables.
    config = openstack.config.OpenStackConfig(
        config_files=[clouds_yaml], vendor_files=[], secure_files=[], load_envvars=False
    )
    region = config.get_one(cloud=account.cloud)
    conn = openstack.connection.Connection(config=region)
    try:
        # Authorizes (GET /v3, POST /v3/auth/tokens) and adds the vpcep proxy from the catalog.
        otcextensions.sdk.register_otc_extensions(conn)
        access = conn.session.auth.get_access(conn.session)
    except Exception as error:  # noqa: BLE001 - any failure here is an authentication failure
        raise StoryFailure(
            f"account {account.label} ({account.domain}/{account.project}) could not authenticate "
            f"against {auth_url}: {describe_error(error)}"
        ) from error
    account.conn = conn
    account.project_id = access.project_id
    account.domain_id = access.project_domain_id or access.user_domain_id
    for what, value in (("project", account.project_id), ("domain", account.domain_id)):
        check(
            HEX32.match(value or ""),
            f"account {account.label}: the token's {what} id {value!r} is not 32 hex characters",
        )
    endpoint = conn.endpoint_for("vpcep")
    check(
        endpoint is not None,
        f"account {account.label}: the token's catalog has no public vpcep endpoint in region "
        f"{conn.config.get_region_name()}",
    )
    check(
        endpoint.rstrip("/").endswith("/v1/" + account.project_id),
        f"account {account.label}: the catalog's vpcep URL {endpoint} does not end with "
        f"/v1/{account.project_id}",
    )
    say(
        f"   {account.label}: domain {account.domain} = {account.domain_id}, "
        f"project {account.project} = {account.project_id}, vpcep at {endpoint}"
    )


class Story:
    def __init__(self, region, password, timeout, interval):
        self.region = region
        self.password = password
        self.timeout = timeout
        self.interval = interval
        self.number = 0

    def step(self, title):
        self.number += 1
        say(f"{self.number:2d}. {title}")

    def poll(self, what, probe):
        """Call probe() until it returns something truthy; fail after the timeout."""
        deadline = time.monotonic() + self.timeout
        while True:
            result = probe()
            if result:
                return result
            if time.monotonic() >= deadline:
                raise StoryFailure(f"timed out after {self.timeout:g}s waiting for {what}")
            time.sleep(self.interval)

    def wait_for_status(self, what, get, wanted, allowed):
        """Poll get() until its status is `wanted`; any status outside `allowed` fails at once."""
        seen = []

        def probe():
            status = get().status
            if not seen or seen[-1] != status:
                seen.append(status)
            check(
                status == wanted or status in allowed,
                f"{what} went to status {status!r} (seen: {' -> '.join(seen)}); expected "
                f"{' or '.join(repr(s) for s in allowed)} until {wanted!r}",
            )
            return status == wanted

        self.poll(f"{what} to become {wanted!r} (seen: {seen})", probe)
        return " -> ".join(seen)

    def wait_for_404(self, what, get, allowed):
        from openstack import exceptions

        seen = []

        def probe():
            try:
                status = get().status
            except exceptions.NotFoundException:
                return True
            if not seen or seen[-1] != status:
                seen.append(status)
            check(
                status in allowed,
                f"{what} went to status {status!r} while being deleted; expected "
                f"{' or '.join(repr(s) for s in allowed)} and then 404",
            )
            return False

        self.poll(f"{what} to be gone (404); statuses seen: {seen}", probe)
        return " -> ".join(seen + ["404"])

    def run(self, owner, consumer, auth_url):
        suffix = uuid.uuid4().hex[:6]
        short_name = f"py_svc_{suffix}"
        new_name = f"py_ren_{suffix}"
        region = self.region

        self.step(f"authenticate both accounts by password against {auth_url}")
        with tempfile.TemporaryDirectory(prefix="vpcep-compat-") as directory:
            clouds_yaml = write_clouds_yaml(directory, [owner, consumer], auth_url, region, self.password)
            connect(owner, clouds_yaml, auth_url)
            connect(consumer, clouds_yaml, auth_url)
        check(
            owner.domain_id != consumer.domain_id,
            f"both accounts got the same domain id {owner.domain_id}",
        )
        check(
            owner.project_id != consumer.project_id,
            f"both accounts got the same project id {owner.project_id}",
        )
        a = owner.conn.vpcep
        b = consumer.conn.vpcep

        self.step(f"A creates endpoint service {short_name!r} (LB, approval enabled)")
        port_id, vpc_id = str(uuid.uuid4()), str(uuid.uuid4())
        created = a.create_service(
            port_id=port_id,
            vpc_id=vpc_id,
            server_type="LB",
            service_type="interface",
            service_name=short_name,
            approval_enabled=True,
            ports=[{"client_port": 8080, "server_port": 80, "protocol": "TCP"}],
            tags=[{"key": "suite", "value": "compat-python"}],
        )
        service_id = created.id
        check(service_id, "the create answer has no id")
        full_name = f"{region}.{short_name}.{service_id}"
        check(
            created.service_name == full_name,
            f"create answered service_name {created.service_name!r}, expected {full_name!r}",
        )
        check(
            created.status in ("creating", "available"),
            f"create answered status {created.status!r}, expected 'creating'",
        )
        check(created.is_approval_enabled is True, f"approval_enabled is {created.is_approval_enabled!r}")
        check(created.port_id == port_id, f"port_id {created.port_id!r} != {port_id!r}")
        check(created.router_id == vpc_id, f"vpc_id {created.router_id!r} != {vpc_id!r}")
        check(created.server_type == "LB", f"server_type {created.server_type!r}")
        check(created.service_type == "interface", f"service_type {created.service_type!r}")
        check(created.connection_count == 0, f"connection_count {created.connection_count!r}")
        ports = [(p.client_port, p.server_port, p.protocol) for p in created.ports or []]
        check(ports == [(8080, 80, "TCP")], f"ports {ports!r}")
        tags = [(t.key, t.value) for t in created.tags or []]
        check(tags == [("suite", "compat-python")], f"tags {tags!r}")
        say(f"   id {service_id}, status {created.status}")

        self.step("A polls get_service until the service is available")
        trail = self.wait_for_status(
            "endpoint service", lambda: a.get_service(service_id), "available", ("creating",)
        )
        fetched = a.get_service(service_id)
        check(
            fetched.created_at == created.created_at,
            f"created_at changed from {created.created_at!r} to {fetched.created_at!r}",
        )
        say(f"   {trail}")

        self.step(f"A renames the service to {new_name!r} with update_service")
        full_name = f"{region}.{new_name}.{service_id}"
        updated = a.update_service(service_id, service_name=new_name, approval_enabled=True)
        check(
            updated.service_name == full_name,
            f"update answered service_name {updated.service_name!r}, expected {full_name!r}",
        )
        check(updated.is_approval_enabled is True, f"approval_enabled is {updated.is_approval_enabled!r}")
        fetched = a.get_service(service_id)
        check(
            fetched.service_name == full_name,
            f"get after the update answered service_name {fetched.service_name!r}, expected {full_name!r}",
        )
        say(f"   {full_name}")

        self.step("A lists services: unfiltered, by id, by full name, by short name, by status")
        ids = [s.id for s in a.services()]
        check(service_id in ids, f"the unfiltered list does not contain {service_id}: {ids}")
        by_id = list(a.services(id=service_id))
        check(
            [s.id for s in by_id] == [service_id],
            f"services(id=...) gave {[s.id for s in by_id]}, expected exactly [{service_id}]",
        )
        by_name = list(a.services(name=full_name))
        check(
            len(by_name) == 1 and by_name[0].service_name == full_name,
            f"services(name={full_name!r}) gave {[s.service_name for s in by_name]}, expected exactly one",
        )
        by_short = [s.id for s in a.services(name=new_name)]
        check(service_id in by_short, f"services(name={new_name!r}) gave {by_short}")
        by_status = [s.id for s in a.services(status="available")]
        check(service_id in by_status, f"services(status='available') gave {by_status}")
        limited = list(a.services(limit=1, sort_key="created_at", sort_dir="desc"))
        check(len(limited) == 1, f"services(limit=1) gave {len(limited)} items")

        self.step("A finds the service by full name and by id (find_service)")
        found = a.find_service(full_name)
        check(found is not None and found.id == service_id, f"find_service(full name) gave {found!r}")
        found = a.find_service(service_id)
        check(found is not None and found.id == service_id, f"find_service(id) gave {found!r}")
        missing = a.find_service(f"{region}.nothing.{uuid.uuid4()}", ignore_missing=True)
        check(missing is None, f"find_service(unknown name) gave {missing!r}, expected None")

        self.step(f"A whitelists B's domain {consumer.domain_id} (manage_service_whitelist add, twice)")
        permission = f"iam:domain::{consumer.domain_id}"
        answer = [w.permission for w in a.manage_service_whitelist(service_id, "add", [consumer.domain_id])]
        check(permission in answer, f"the add action answered {answer}, expected it to contain {permission!r}")
        # Adding the same domain again is not an error.
        again = [w.permission for w in a.manage_service_whitelist(service_id, "add", [consumer.domain_id])]
        check(permission in again, f"the second add answered {again}")
        listed = [w.permission for w in a.service_whitelist(service_id)]
        check(
            listed == [permission],
            f"service_whitelist lists {listed}, expected exactly [{permission!r}] "
            "(the owner's own domain is not listed)",
        )

        self.step("B looks the service up with get_target_service (describe) by id and by full name")
        target = b.get_target_service(service_id)
        check(
            target.id == service_id and target.service_name == full_name,
            f"get_target_service(id) gave id {target.id!r}, name {target.service_name!r}",
        )
        target = b.get_target_service(full_name)
        check(
            target.id == service_id and target.service_name == full_name,
            f"get_target_service(full name) gave id {target.id!r}, name {target.service_name!r}",
        )
        check(target.service_type == "interface", f"describe service_type {target.service_type!r}")

        self.step("B creates an endpoint to the service (enable_dns)")
        ep_vpc_id, subnet_id = str(uuid.uuid4()), str(uuid.uuid4())
        endpoint = b.create_endpoint(
            endpoint_service_id=service_id,
            vpc_id=ep_vpc_id,
            subnet_id=subnet_id,
            enable_dns=True,
            tags=[{"key": "suite", "value": "compat-python"}],
        )
        endpoint_id = endpoint.id
        check(endpoint_id, "the create answer has no id")
        check(
            endpoint.status in ("creating", "pendingAcceptance"),
            f"create answered status {endpoint.status!r}, expected 'creating'",
        )
        check(
            endpoint.endpoint_service_id == service_id,
            f"endpoint_service_id {endpoint.endpoint_service_id!r} != {service_id!r}",
        )
        check(
            endpoint.endpoint_service_name == full_name,
            f"endpoint_service_name {endpoint.endpoint_service_name!r} != {full_name!r}",
        )
        check(endpoint.router_id == ep_vpc_id, f"vpc_id {endpoint.router_id!r} != {ep_vpc_id!r}")
        check(endpoint.network_id == subnet_id, f"subnet_id {endpoint.network_id!r} != {subnet_id!r}")
        check(endpoint.is_dns_enabled is True, f"enable_dns {endpoint.is_dns_enabled!r}")
        check(endpoint.service_type == "interface", f"service_type {endpoint.service_type!r}")
        check(isinstance(endpoint.marker_id, int), f"marker_id {endpoint.marker_id!r} is not an integer")
        say(f"   id {endpoint_id}, status {endpoint.status}")

        self.step("A polls service_connections until the endpoint appears: pendingAcceptance at once")

        def appeared():
            for connection in a.service_connections(service_id):
                if connection.id == endpoint_id:
                    return connection
            return None

        connection = self.poll(f"endpoint {endpoint_id} in the service's connections", appeared)
        check(
            connection.status == "pendingAcceptance",
            f"the endpoint first appeared in the connections with status {connection.status!r}, "
            "expected 'pendingAcceptance'",
        )
        check(
            connection.domain_id == consumer.domain_id,
            f"the connection's domain_id is {connection.domain_id!r}, expected B's {consumer.domain_id!r}",
        )
        check(
            connection.marker_id == endpoint.marker_id,
            f"the connection's marker_id {connection.marker_id!r} != the endpoint's {endpoint.marker_id!r}",
        )
        by_id = [c.id for c in a.service_connections(service_id, id=endpoint_id)]
        check(by_id == [endpoint_id], f"service_connections(id=...) gave {by_id}")
        trail = self.wait_for_status(
            "B's endpoint",
            lambda: b.get_endpoint(endpoint_id),
            "pendingAcceptance",
            ("creating",),
        )
        say(f"   B sees {trail}")

        self.step("A accepts the connection (manage_service_connections accept)")
        answer = a.manage_service_connections(service_id, action="accept", endpoints=[endpoint_id])
        statuses = {c.id: c.status for c in answer}
        check(
            statuses.get(endpoint_id) == "accepted",
            f"the accept action answered {statuses}, expected {endpoint_id}: 'accepted'",
        )
        listed = {c.id: c.status for c in a.service_connections(service_id)}
        check(
            listed.get(endpoint_id) == "accepted",
            f"service_connections lists {listed}, expected {endpoint_id}: 'accepted'",
        )

        self.step("B's endpoint shows accepted")
        trail = self.wait_for_status(
            "B's endpoint", lambda: b.get_endpoint(endpoint_id), "accepted", ("pendingAcceptance",)
        )
        fetched = b.get_endpoint(endpoint_id)
        check(
            isinstance(fetched.dns_names, list) and len(fetched.dns_names) == 1,
            f"dns_names {fetched.dns_names!r}, expected one name (enable_dns is true)",
        )
        check(fetched.ip, f"the accepted endpoint has no ip: {fetched.ip!r}")
        listed = [e.id for e in b.endpoints()]
        check(endpoint_id in listed, f"B's endpoints() does not list {endpoint_id}: {listed}")
        service = a.get_service(service_id)
        check(
            service.connection_count == 1,
            f"the service's connection_count is {service.connection_count!r}, expected 1",
        )
        say(f"   {trail}; ip {fetched.ip}, dns {fetched.dns_names[0]}")

        self.step("quotas (resource_quota with and without type)")
        quotas = list(a.resource_quota())
        types = sorted(q.type for q in quotas)
        check(
            types == ["endpoint", "endpoint_service"],
            f"resource_quota() gave types {types}, expected exactly ['endpoint', 'endpoint_service']",
        )
        for q in quotas:
            check(
                isinstance(q.quota, int) and isinstance(q.used, int),
                f"quota {q.type}: quota {q.quota!r} and used {q.used!r} must be integers",
            )
        for account, proxy, kind in ((owner, a, "endpoint_service"), (consumer, b, "endpoint")):
            only = list(proxy.resource_quota(type=kind))
            check(
                [q.type for q in only] == [kind],
                f"resource_quota(type={kind!r}) for {account.label} gave {[q.type for q in only]}",
            )
            check(
                only[0].used >= 1 and only[0].quota >= only[0].used,
                f"{account.label}'s {kind} quota: used {only[0].used}, quota {only[0].quota}",
            )
            say(f"   {account.label}: {kind} {only[0].used}/{only[0].quota}")

        self.step("public services (public_services)")
        public = list(a.public_services())
        check(public, "public_services() is empty")
        check(public[0].owner == "OTC", f"the first public service's owner is {public[0].owner!r}, expected 'OTC'")
        obs_name = f"com.t-systems.otc.{region}.obs"
        obs = [p for p in public if p.service_name == obs_name]
        check(len(obs) == 1, f"public_services() has {len(obs)} entries named {obs_name!r}")
        check(obs[0].service_type == "gateway", f"{obs_name} has service_type {obs[0].service_type!r}")
        check(
            all(isinstance(p.is_charge, bool) for p in public),
            f"is_charge must be a boolean: {[p.is_charge for p in public]}",
        )
        fuzzy = [p.service_name for p in a.public_services(name=obs_name)]
        check(fuzzy == [obs_name], f"public_services(name={obs_name!r}) gave {fuzzy}")
        say(f"   {len(public)} public services, first {public[0].service_name}")

        self.step("B deletes the endpoint and polls until it is gone (404)")
        b.delete_endpoint(endpoint_id, ignore_missing=False)
        trail = self.wait_for_404("B's endpoint", lambda: b.get_endpoint(endpoint_id), ("accepted", "deleting"))
        listed = [e.id for e in b.endpoints()]
        check(endpoint_id not in listed, f"B's endpoints() still lists {endpoint_id}")
        say(f"   {trail}")

        self.step("A deletes the service and polls until it is gone (404)")
        a.delete_service(service_id, ignore_missing=False)
        trail = self.wait_for_404(
            "endpoint service", lambda: a.get_service(service_id), ("available", "deleting")
        )
        check(
            a.find_service(full_name, ignore_missing=True) is None,
            "find_service still finds the deleted service",
        )
        check(not list(a.services(id=service_id)), "services(id=...) still lists the deleted service")
        say(f"   {trail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--auth-url",
        default=os.environ.get("OS_AUTH_URL"),
        help="Keystone v3 URL of the emulator (default: $OS_AUTH_URL), e.g. http://127.0.0.1:9600/v3",
    )
    parser.add_argument(
        "--region",
        default=os.environ.get("OS_REGION_NAME") or "eu-de",
        help="region of both clouds and of the service names (default: $OS_REGION_NAME or eu-de)",
    )
    parser.add_argument(
        "--password",
        default=os.environ.get("OS_PASSWORD") or "compat-password",
        help="password of both users (default: $OS_PASSWORD or compat-password)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=os.environ.get("COMPAT_WAIT") or "60",
        help="seconds each wait may take (default: $COMPAT_WAIT or 60)",
    )
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between polls (default 0.5)")
    parser.add_argument("--debug", action="store_true", help="log every HTTP request and response")
    args = parser.parse_args()
    if not args.auth_url:
        parser.error("no Keystone URL: pass --auth-url or set OS_AUTH_URL (e.g. http://127.0.0.1:9600/v3)")

    import_clients()
    import openstack

    if args.debug:
        openstack.enable_logging(debug=True, http_debug=True)

    owner = Account("A", "vpcep-owner", "owner-domain", f"{args.region}_owner")
    consumer = Account("B", "vpcep-consumer", "consumer-domain", f"{args.region}_consumer")
    story = Story(args.region, args.password, args.timeout, args.interval)
    say(f"openstacksdk {version_of('openstacksdk')}, otcextensions {version_of('otcextensions')}, "
        f"keystoneauth1 {version_of('keystoneauth1')}, Python {sys.version.split()[0]}")
    try:
        story.run(owner, consumer, args.auth_url)
    except StoryFailure as failure:
        print(f"FAIL at step {story.number}: {failure}", file=sys.stderr, flush=True)
        return 1
    except Exception as error:  # noqa: BLE001 - an SDK call failed; say which step and what it sent
        traceback.print_exc()
        print(f"FAIL at step {story.number}: {describe_error(error)}", file=sys.stderr, flush=True)
        return 1
    say(f"PASS: all {story.number} steps of the story")
    return 0


def version_of(distribution):
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    sys.exit(main())
