#!/usr/bin/env bash
# gophertelekomcloud's own VPCEP acceptance tests (acceptance/openstack/vpcep), unmodified, against the
# emulator: the module at the version test/compat/go/go.mod pins, copied out of the module cache to a
# writable folder, run with `go test` and the OS_* variables the tests read. npm run test:compat runs this
# with OS_AUTH_URL, OS_REGION_NAME, OS_PASSWORD and COMPAT_EMULATOR_URL set; see README.md here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module=github.com/opentelekomcloud/gophertelekomcloud

export OS_USERNAME="${OS_USERNAME:-acceptance}"
export OS_DOMAIN_NAME="${OS_DOMAIN_NAME:-acceptance-domain}"
export OS_PROJECT_NAME="${OS_PROJECT_NAME:-${OS_REGION_NAME:-eu-de}_acceptance}"

# The pinned version, checked against test/compat/go/go.sum, downloaded on first use.
dir="$(cd "$here/../go" && go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$dir" ] || [ ! -d "$dir/acceptance/openstack/vpcep" ]; then
  echo "go-acceptance: $module is not in the module cache (go mod download failed)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" && rm -rf "$work"' EXIT
cp -R "$dir/." "$work/"
chmod -R u+w "$work"
echo "go-acceptance: $(basename "$dir") copied to $work"

eval "$(node "$here/setup.mjs")"

cd "$work"
# -parallel 1: the tests are t.Parallel() and both take the same port_ip (the subnet's network address + 3).
go test ./acceptance/openstack/vpcep/ -v -count=1 -parallel 1 -timeout 5m
