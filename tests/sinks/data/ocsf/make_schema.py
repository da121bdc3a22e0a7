"""Regenerate ``detection_finding-<version>.schema.json`` from the OCSF schema repository.

    git clone https://github.com/ocsf/ocsf-schema && git -C ocsf-schema checkout 3dcb905d   # v1.8.0
    python -m ocsf.compile ocsf-schema > ocsf.json                                          # ocsf-lib
    python tests/sinks/data/ocsf/make_schema.py ocsf.json > tests/sinks/data/ocsf/detection_finding-1.8.0.schema.json

The compiled schema (classes, objects, types, with ``extends`` and profiles resolved by ocsf-lib)
becomes a JSON Schema (draft 2020-12) of the Detection Finding class (class_uid 2004) with the
``security_control`` profile: every attribute typed, ``*_id`` enums closed, required attributes
required, ``at_least_one`` constraints kept, and no attribute the class does not define
(``additionalProperties: false``).  The objects distillguard fills are defined as strictly; any
other object the class references is accepted as an object.
"""

from __future__ import annotations

import json
import sys
from typing import Any

CLASS = "detection_finding"
PROFILES = {"security_control"}
STRICT_OBJECTS = {
    "metadata", "product", "finding_info", "analytic", "attack", "technique", "sub_technique", "tactic",
    "evidences", "actor", "user", "network_endpoint", "autonomous_system", "http_request", "observable",
    "resource_details", "fingerprint", "enrichment",
}
BASE = {"string_t": "string", "integer_t": "integer", "long_t": "integer", "float_t": "number", "boolean_t": "boolean", "json_t": None, "object_t": "object"}


def type_schema(types: dict[str, Any], name: str) -> dict[str, Any]:
    t = types.get(name) or {}
    out: dict[str, Any] = {}
    base = name
    while base not in BASE and types.get(base, {}).get("type"):
        base = types[base]["type"]
    if BASE.get(base):
        out["type"] = BASE[base]
    if t.get("regex"):
        out["pattern"] = t["regex"]
    if t.get("max_len"):
        out["maxLength"] = t["max_len"]
    if t.get("range"):
        out["minimum"], out["maximum"] = t["range"]
    return out


def attr_schema(schema: dict[str, Any], a: dict[str, Any]) -> dict[str, Any]:
    typ = a.get("type") or a.get("object_type")
    if typ in schema["objects"] or a.get("object_type") in schema["objects"]:
        obj = a.get("object_type") or typ
        one: dict[str, Any] = {"$ref": f"#/$defs/{obj}"}
    else:
        one = type_schema(schema["types"], typ or "json_t")
        if a.get("enum"):
            keys = list(a["enum"])
            one["enum"] = [int(k) for k in keys] if one.get("type") == "integer" else keys
    return {"type": "array", "items": one} if a.get("is_array") else one


def record_schema(schema: dict[str, Any], rec: dict[str, Any]) -> dict[str, Any]:
    props, required = {}, []
    for name, a in sorted((rec.get("attributes") or {}).items()):
        if a.get("profile") and a["profile"] not in PROFILES:
            continue
        props[name] = attr_schema(schema, a)
        if a.get("requirement") == "required":
            required.append(name)
    out: dict[str, Any] = {"type": "object", "properties": props, "required": required, "additionalProperties": False}
    cons = rec.get("constraints") or {}
    if cons.get("at_least_one"):
        out["anyOf"] = [{"required": [k]} for k in cons["at_least_one"] if k in props]
    if cons.get("just_one"):
        out["oneOf"] = [{"required": [k]} for k in cons["just_one"] if k in props]
    return out


def main(path: str) -> None:
    schema = json.load(open(path, encoding="utf-8"))
    cls = schema["classes"][CLASS]
    top = record_schema(schema, cls)
    defs: dict[str, Any] = {}
    todo = [r["$ref"].rsplit("/", 1)[1] for r in _refs(top)]
    while todo:
        name = todo.pop()
        if name in defs:
            continue
        if name in STRICT_OBJECTS:
            defs[name] = record_schema(schema, schema["objects"][name])
            todo.extend(r["$ref"].rsplit("/", 1)[1] for r in _refs(defs[name]))
        else:
            defs[name] = {"type": "object"}
    top["properties"]["class_uid"]["const"] = cls["uid"]
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"OCSF {schema['version']} {cls['caption']} (class_uid {cls['uid']}) with profiles {sorted(PROFILES)}",
        **top,
        "$defs": dict(sorted(defs.items())),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


def _refs(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if "$ref" in node:
            found.append(node)
        for v in node.values():
            found.extend(_refs(v))
    elif isinstance(node, list):
        for v in node:
            found.extend(_refs(v))
    return found


if __name__ == "__main__":
    main(sys.argv[1])
