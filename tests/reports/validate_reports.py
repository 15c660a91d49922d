#!/usr/bin/env python3
"""Validates JSON reports against reports/report.schema.json (JSON Schema 2020-12).

Usage: validate_reports.py SCHEMA METALLAB SCENARIO_DIR PIN_DIR
Checks a report metallab writes now for every shipped scenario, the pinned reports, and that a
report missing a required field or with a wrong schemaVersion is refused (the validator works).
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema


def trace_hash(path):
    """The pin's trace-hash file holds the report's `"traceHash": "..."` line."""
    return json.loads("{" + path.read_text().strip() + "}")["traceHash"]


def main():
    schema_path, metallab, scenario_dir, pin_dir = sys.argv[1:5]
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    checked = 0

    def check(name, report):
        nonlocal failures, checked
        checked += 1
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        for error in errors[:5]:
            print(f"{name}: {'/'.join(map(str, error.path))}: {error.message}")
        failures += bool(errors)

    with tempfile.TemporaryDirectory() as tmp:
        for scenario in sorted(pathlib.Path(scenario_dir).glob("*.yaml")):
            out = pathlib.Path(tmp) / (scenario.stem + ".json")
            # Exit 1 means an expectation failed, which the pins catch; the report is written.
            run = subprocess.run([metallab, "run", "--quiet", "--report", str(out), str(scenario)],
                                 stdout=subprocess.DEVNULL, timeout=120)
            if run.returncode not in (0, 1) or not out.exists():
                print(f"{scenario.name}: metallab exited {run.returncode} without a report")
                failures += 1
                continue
            check(scenario.name, json.loads(out.read_text()))
    pinned = sorted(pathlib.Path(pin_dir).glob("*/report.json"))
    for pin in pinned:
        report = json.loads(pin.read_text())
        # The pins keep the trace hash in a file of its own (it changes for other reasons).
        report["traceHash"] = trace_hash(pin.parent / "trace-hash")
        check(str(pin), report)
    if not pinned:
        print(f"no pinned reports under {pin_dir}")
        failures += 1

    sample = json.loads(pinned[0].read_text())
    sample["traceHash"] = trace_hash(pinned[0].parent / "trace-hash")
    broken = dict(sample)
    del broken["faults"]
    wrong_version = dict(sample, schemaVersion=1)
    for name, report in (("without faults", broken), ("schemaVersion 1", wrong_version)):
        if validator.is_valid(report):
            print(f"the schema accepts a report {name}")
            failures += 1
    print(f"{checked} reports checked, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
