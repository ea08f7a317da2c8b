"""Tests against the emulator with python-otcextensions (unittest): each test starts from a clean state,
creates through the SDK, settles or waits through the test-control API, and reads the request journal
after an injected fault. Run: python test_vpcep.py (VPCEP_EMULATOR defaults to http://127.0.0.1:9600)."""

import json
import os
import unittest
import urllib.error
import urllib.request

import openstack
from otcextensions import sdk

EMULATOR = os.environ.get("VPCEP_EMULATOR", "http://127.0.0.1:9600")


def control(method, path, body=None):
    """Calls the test-control API; answers the HTTP status and the decoded JSON body."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{EMULATOR}/_emulator{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


class VpcepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Logs in through the emulator's Keystone, as a clouds.yaml entry would.
        cls.conn = openstack.connect(
            load_yaml_config=False,
            load_envvars=False,
            auth_type="password",
            auth={
                "auth_url": f"{EMULATOR}/v3",
                "username": "me",
                "password": "anything",
                "user_domain_name": "my-domain",
                "project_name": "eu-de_my-project",
                "project_domain_name": "my-domain",
            },
            region_name="eu-de",
            identity_api_version="3",
            interface="public",
        )
        sdk.register_otc_extensions(cls.conn)

    def setUp(self):
        # A clean start for every test; logged-in clients stay logged in.
        for method, path in (("POST", "/reset"), ("DELETE", "/faults"), ("DELETE", "/requests")):
            self.assertEqual(control(method, path)[0], 200)

    def create_service(self):
        return self.conn.vpcep.create_service(
            port_id="4189d3c2-8882-4871-a3c2-d380272eed88",
            vpc_id="4189d3c2-8882-4871-a3c2-d380272eed80",
            server_type="LB",
            ports=[{"client_port": 80, "server_port": 8080}],
        )

    def test_service_becomes_available(self):
        service = self.create_service()
        self.assertEqual(service.status, "creating")
        control("POST", f"/settle?id={service.id}")  # instead of waiting one or two minutes
        self.assertEqual(self.conn.vpcep.get_service(service.id).status, "available")

    def test_wait_explains_a_stuck_endpoint(self):
        service = self.create_service()
        control("POST", "/settle")
        endpoint = self.conn.vpcep.create_endpoint(
            endpoint_service_id=service.id,
            vpc_id="d7b2bf07-1b4c-43fa-bd88-d80c6ebea140",
            subnet_id="61881173-3899-4981-a700-170253d469b6",
        )
        control("POST", "/settle")
        status, body = control("GET", f"/wait?id={endpoint.id}&status=accepted&timeout=1")
        self.assertEqual(status, 408)
        self.assertIn("waiting for the owner of service", body["error_msg"])

    def test_a_fault_reaches_the_caller_and_the_journal(self):
        rule = {"path": "/v1/*/vpc-endpoint-services", "times": 1, "status": 500,
                "error_code": "EndPoint.0001", "error_msg": "System error. Please retry."}
        control("PUT", "/faults", {"rules": [rule]})
        with self.assertRaises(openstack.exceptions.HttpException):
            self.create_service()
        self.assertEqual(self.create_service().status, "creating", "the next call is served")
        _, journal = control("GET", "/requests?path=/v1/*/vpc-endpoint-services")
        self.assertEqual([(r["status"], r["fault"]) for r in journal["requests"]], [(200, False), (500, True)])


if __name__ == "__main__":
    unittest.main()
