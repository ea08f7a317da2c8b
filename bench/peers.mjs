// The peers the emulator is compared with: Prism mocking our own OpenAPI document, and moto_server
// serving the AWS analogues of VPCEP. Both are installed on first use into git-ignored folders under
// bench/ (pinned versions), never into the project's dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PRISM_VERSION = '5.16.0';
export const MOTO_VERSION = '5.1.22';

export function installPrism(benchDir) {
  const tools = join(benchDir, '.tools');
  const bin = join(tools, 'node_modules', '.bin', 'prism');
  if (!existsSync(bin)) {
    console.error(`bench: installing @stoplight/prism-cli@${PRISM_VERSION} into ${tools} (once)`);
    execFileSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', '--no-save', `@stoplight/prism-cli@${PRISM_VERSION}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return bin;
}

export function installMoto(benchDir) {
  const venv = join(benchDir, '.venv');
  const bin = join(venv, 'bin', 'moto_server');
  if (!existsSync(bin)) {
    console.error(`bench: installing moto[server]==${MOTO_VERSION} into ${venv} (once)`);
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`], {
      stdio: 'inherit',
    });
  }
  return bin;
}

// moto routes a request to a service by the credential scope of its (unchecked) signature.
const awsAuth = (service) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

async function awsCall(base, service, params) {
  const version = service === 'ec2' ? '2016-11-15' : '2015-12-01';
  const res = await fetch(`${base}/`, {
    method: 'POST',
    headers: { authorization: awsAuth(service), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, Version: version }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${params.Action}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

const tag = (xml, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * What moto needs before an endpoint service configuration (a VPC, a subnet, a network load balancer),
 * and the autocannon requests of the two operations compared: create and describe one.
 */
export async function motoRequests(base) {
  const vpc = tag(await awsCall(base, 'ec2', { Action: 'CreateVpc', CidrBlock: '10.1.0.0/16' }), 'vpcId');
  const subnet = tag(
    await awsCall(base, 'ec2', { Action: 'CreateSubnet', VpcId: vpc, CidrBlock: '10.1.1.0/24' }),
    'subnetId',
  );
  const nlb = tag(
    await awsCall(base, 'elasticloadbalancing', {
      Action: 'CreateLoadBalancer',
      Name: 'bench-nlb',
      Type: 'network',
      'Subnets.member.1': subnet,
    }),
    'LoadBalancerArn',
  );
  const createBody = new URLSearchParams({
    Action: 'CreateVpcEndpointServiceConfiguration',
    Version: '2016-11-15',
    'NetworkLoadBalancerArn.1': nlb,
  }).toString();
  const serviceId = tag(await awsCall(base, 'ec2', Object.fromEntries(new URLSearchParams(createBody))), 'serviceId');
  const headers = { authorization: awsAuth('ec2'), 'content-type': 'application/x-www-form-urlencoded' };
  return {
    get: [
      {
        method: 'POST',
        path: '/',
        headers,
        body: new URLSearchParams({
          Action: 'DescribeVpcEndpointServiceConfigurations',
          Version: '2016-11-15',
          'ServiceId.1': serviceId,
        }).toString(),
      },
    ],
    create: [{ method: 'POST', path: '/', headers, body: createBody }],
  };
}
