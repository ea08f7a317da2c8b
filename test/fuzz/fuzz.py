"""Schema fuzzing: schemathesis against the emulator's own OpenAPI document, every operation but the two
that hold a connection open (the event stream and a wait; the tap suite tests those), with the checks
not_a_server_error, status_code_conformance, content_type_conformance and response_schema_conformance,
all four phases (examples, coverage, fuzzing, stateful), a fixed seed and a bounded number of examples.

Two runs: first every operation but the three that change everything (reset and state import, which take
the seeded resources and the issued token with them, and a clock advance, which lets the token expire), then
those three.

Usage (npm run test:fuzz starts the emulator and runs this through test/compat/venv-run.sh):
    fuzz.py BASE_URL TOKEN COUNTS_FILE
Writes {"passed": N, "failed": N} (operations) to COUNTS_FILE; exits non-zero when a run failed.
FUZZ_EXAMPLES sets the examples per operation (default 25).
"""

import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
HOLDS_THE_CONNECTION = "^/_emulator/(events|wait)$"
CHANGE_EVERYTHING = ["ResetState", "ImportState", "AdvanceClock"]


def run(base_url, token, junit, selection):
    here = os.path.dirname(os.path.abspath(__file__))
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    return subprocess.call([
        schemathesis, "--config-file", os.path.join(here, "schemathesis.toml"), "--no-color",
        "run", f"{base_url}/openapi.json",
        "--checks", CHECKS,
        "--seed", "1",
        "--max-examples", os.environ.get("FUZZ_EXAMPLES", "25"),
        # One worker: CPython 3.11 compiles regexes in threads into an occasional SystemError inside schemathesis.
        "--workers", "1",
        "--generation-database", "none",
        # An issued token (the identity lookups need one); schemathesis also sends none or a wrong one.
        "--header", f"X-Auth-Token: {token}",
        "--exclude-path-regex", HOLDS_THE_CONNECTION,
        "--report", "junit,har", "--report-junit-path", junit, "--report-har-path", junit.replace(".xml", ".har"),
        *selection,
    ])


def counts(junit):
    cases = list(ElementTree.parse(junit).getroot().iter("testcase"))
    failed = sum(1 for case in cases if case.find("failure") is not None or case.find("error") is not None)
    return len(cases) - failed, failed


def main():
    base_url, token, counts_file = sys.argv[1:4]
    reports = tempfile.mkdtemp(prefix="vpcep-fuzz-")
    runs = [
        [flag for op in CHANGE_EVERYTHING for flag in ("--exclude-operation-id", op)],
        [flag for op in CHANGE_EVERYTHING for flag in ("--include-operation-id", op)],
    ]
    statuses, passed, failed = [], 0, 0
    for index, selection in enumerate(runs):
        junit = os.path.join(reports, f"junit-{index}.xml")
        statuses.append(run(base_url, token, junit, selection))
        if os.path.exists(junit):
            run_passed, run_failed = counts(junit)
            passed, failed = passed + run_passed, failed + run_failed
        else:
            failed += 1
    with open(counts_file, "w", encoding="utf-8") as handle:
        json.dump({"passed": passed, "failed": failed}, handle)
    sys.exit(1 if any(statuses) else 0)


if __name__ == "__main__":
    main()
