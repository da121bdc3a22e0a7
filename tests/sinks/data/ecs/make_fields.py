"""Regenerate ``ecs_fields-<version>.json`` (every ECS field: type, array-ness, allowed values) from
``generated/ecs/ecs_flat.yml`` of ``elastic/ecs`` at the release tag:

    git -C ecs show v9.4.0:generated/ecs/ecs_flat.yml > ecs_flat.yml
    python tests/sinks/data/ecs/make_fields.py ecs_flat.yml 9.4.0 > tests/sinks/data/ecs/ecs_fields-9.4.0.json
"""

from __future__ import annotations

import json
import sys

import yaml


def main(path: str, version: str) -> None:
    flat = yaml.safe_load(open(path, encoding="utf-8"))
    fields = {}
    for name, f in sorted(flat.items()):
        d = {"type": f.get("type"), "array": "array" in (f.get("normalize") or [])}
        if f.get("allowed_values"):
            d["allowed"] = {v["name"]: v.get("expected_event_types") for v in f["allowed_values"]}
        fields[name] = d
    json.dump({"ecs_version": version, "fields": fields}, sys.stdout, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
