"""Schemathesis hooks for .ci/run (loaded through SCHEMATHESIS_HOOKS).

One hook, for one known gap in schemathesis 4.32.5: when it decides whether a form body it
meant to be invalid really was invalid as sent (`negative_data_rejection`, ST201), it reads
each form field as one text (or that text parsed as JSON) and never as a list. OpenAPI sends a
list field of `application/x-www-form-urlencoded` as repeated keys, or as one value split on
the delimiter its `encoding.style` names (Authlete's `scopes` are space-delimited). So a
"wrong type" mutation such as `scopes: "AAA"` goes on the wire as `scopes=AAA`, which is the
valid one-item list `["AAA"]`; an object field, which a form cannot carry, is not sent as
that field at all. The server rightly accepts such a request, and schemathesis reports it.

The hook drops exactly those reports: an ST201 on a request whose only invalid part was meant
to be its form body, and whose form fields, read the way the spec's schema and encoding say
(lists split by their style, scalars by their type, fields of objects left out, as the
generated server does), satisfy the body's schema. Every other failure is kept, and so is
ST201 on a body that is invalid as sent, on a missing required body, or where a parameter was
made invalid too. Schemathesis prints how many failures a `filter_failure` hook dropped, and
this hook prints each one it drops.
"""

from __future__ import annotations

import json
import re
import sys
from urllib.parse import parse_qs

import jsonschema
import schemathesis
from schemathesis.core.parameters import ParameterLocation

FORM = "application/x-www-form-urlencoded"
DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|", "form": ","}


class Cycle(Exception):
    """A `$ref` cycle: the hook cannot judge the body, so the failure is kept."""


def _resolve(node, root, seen=()):
    """`node` with every local `$ref` replaced by its target; `Cycle` on a `$ref` cycle."""
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/"):
            if reference in seen:
                raise Cycle(reference)
            target = root
            for part in reference[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return _resolve(target, root, seen + (reference,))
        return {key: _resolve(value, root, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(item, root, seen) for item in node]
    return node


def _json_schema(schema):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(schema, list):
        return [_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: _json_schema(value) for key, value in schema.items() if not key.startswith("x-")}
    if converted.pop("nullable", False):
        if "enum" in converted and None not in converted["enum"]:
            converted["enum"] = [*converted["enum"], None]
        converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def _scalar(text: str, schema: dict):
    """A form text read as the scalar its schema types it as; `ValueError` when it is not one."""
    kind = schema.get("type")
    # As strict as the server's reading (Rust's `str::parse`), never more lenient: no spaces,
    # underscores, non-ASCII digits, `nan` or `inf`.
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise ValueError(text)
        return int(text)
    if kind == "number":
        if not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", text):
            raise ValueError(text)
        return float(text)
    if kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(text)
        return text == "true"
    return text


def _is_object(schema: dict) -> bool:
    return schema.get("type") == "object" or "properties" in schema


def _read_form(body: bytes | str, schema: dict, encoding: dict):
    """The form as a server reads it by the spec; `None` when a field cannot be read as its type."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    properties = schema.get("properties", {})
    read = {}
    for name, texts in parse_qs(body, keep_blank_values=True).items():
        field = properties.get(name)
        try:
            if field is None:
                read[name] = texts[-1]
            elif _is_object(field) or (field.get("type") == "array" and _is_object(field.get("items", {}))):
                continue  # a form cannot carry objects: what was sent is not that field
            elif field.get("type") == "array":
                style = encoding.get(name, {}).get("style", "form")
                explode = encoding.get(name, {}).get("explode", style == "form")
                items = field.get("items", {})
                parts = texts if explode else [p for t in texts for p in t.split(DELIMITERS.get(style, ",")) if p]
                read[name] = [_scalar(part, items) for part in parts]
            else:
                read[name] = _scalar(texts[-1], field)
        except ValueError:
            return None
    return read


def valid_as_sent(sent: bytes | str, media: dict):
    """The form `sent`, as the server reads it by the media type object `media` (`$ref`s
    resolved), if that reading satisfies the schema; `None` otherwise."""
    schema = media.get("schema", {})
    read = _read_form(sent, schema, media.get("encoding", {}))
    if read is None or not jsonschema.Draft4Validator(_json_schema(schema)).is_valid(read):
        return None
    return read


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure but ST201 on a form body that satisfies its schema as sent, when the
    body is the only part of the request schemathesis made invalid."""
    if getattr(failure, "code", None) != "ST201" or (case.media_type or "").split(";")[0] != FORM:
        return True
    meta = case.meta
    if meta is None or any(
        location != ParameterLocation.BODY and component.mode.is_negative
        for location, component in meta.components.items()
    ):
        return True  # a parameter was made invalid too: the server should have refused that
    try:
        definition = _resolve(case.operation.definition.raw, case.operation.schema.raw_schema)
    except Cycle:
        return True
    request_body = definition.get("requestBody", {})
    sent = response.request.body or b""
    if not sent and request_body.get("required"):
        return True  # no body at all where one is required
    read = valid_as_sent(sent, request_body.get("content", {}).get(FORM, {}))
    if read is None:
        return True
    print(
        f"[.ci/schemathesis_hooks.py] not a failure: {case.operation.label} sent a form that is "
        f"valid as the spec reads it: {json.dumps(read, sort_keys=True)}",
        file=sys.stderr,
    )
    return False
