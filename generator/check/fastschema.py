"""A fast yes/no answer to "does this record satisfy the JSON Schema?".

jsonschema (pure Python) spends ~0.7 ms per agreement walking the schema, which is most of
``kerjasama validate`` on a large register. jsonschema-rs compiles the same Draft 2020-12
schema in Rust and answers validity ~50× faster. It only answers yes or no: every record it
refuses still goes through :meth:`generator.check.checker.Schema.check`, so messages, locations
and codes are exactly those of the detailed translator. A record it accepts has no schema
diagnostics by definition, provided both libraries agree; ``tests/test_benchmarks_fastschema.py``
holds them to that on valid and deliberately broken records.

jsonschema-rs follows JSON Schema in calling 2024.0 an integer; the detailed checker does not
(see ``checker.StrictValidator``). So the predicate also says no when a float sits where the
schema wants an integer: the few paths of such fields are found in the schema once.

Without jsonschema-rs (a platform without a wheel), :func:`load` returns None and the
validator falls back to the detailed check for every record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the locked requirements install it
    jsonschema_rs = None  # type: ignore[assignment]

FastCheck = Callable[[Any], bool]
SchemaPath = tuple[str | None, ...]
"""Keys from the record's root; None stands for every item of a list or every value of a mapping."""


def integer_paths(document: Mapping[str, Any]) -> tuple[SchemaPath, ...]:
    """Where the schema wants an integer (following local ``$ref``, ``properties``, ``items``)."""
    defs = document.get("$defs", {})

    def walk(node: Any, path: SchemaPath, depth: int) -> Iterator[SchemaPath]:
        if not isinstance(node, Mapping) or depth > 20:
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            yield from walk(defs.get(ref.removeprefix("#/$defs/")), path, depth + 1)
        kind = node.get("type")
        if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
            yield path
        for key, child in node.get("properties", {}).items():
            yield from walk(child, (*path, key), depth + 1)
        for many in ("items", "additionalProperties"):
            yield from walk(node.get(many), (*path, None), depth + 1)

    return tuple(sorted(set(walk(document, (), 0)), key=lambda p: tuple(str(k) for k in p)))


def _values(data: Any, path: SchemaPath) -> Iterator[Any]:
    if not path:
        yield data
        return
    head, rest = path[0], path[1:]
    if head is None:
        children = data.values() if isinstance(data, Mapping) else data if isinstance(data, list) else ()
        for child in children:
            yield from _values(child, rest)
    elif isinstance(data, Mapping) and head in data:
        yield from _values(data[head], rest)


def float_where_integer(paths: tuple[SchemaPath, ...], data: Any) -> bool:
    """Whether a float (``1e3``, ``2024.0``) sits at one of ``paths``."""
    return any(isinstance(value, float) for path in paths for value in _values(data, path))


def load(document: Mapping[str, Any]) -> FastCheck | None:
    """A validity predicate for ``document`` (already checked by ``check_schema``), or None."""
    if jsonschema_rs is None:
        return None
    # Formats are assertions here as in checker.Schema (FORMAT_CHECKER); offline: no $ref is
    # ever fetched, the schema's own $defs are the only references it may follow.
    try:
        validator = jsonschema_rs.Draft202012Validator(dict(document), validate_formats=True, offline=True)
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
        # e.g. a $ref outside the schema: the detailed checker reports it when it is reached
        return None
    paths = integer_paths(document)

    def is_valid(data: Any) -> bool:
        return validator.is_valid(data) and not float_where_integer(paths, data)

    return is_valid
