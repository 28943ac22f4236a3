"""A fast yes/no answer to "does this record satisfy the JSON Schema?".

jsonschema (pure Python) spends ~0.7 ms per agreement walking the schema, which is most of
``kerjasama validate`` on a large register. jsonschema-rs compiles the same Draft 2020-12
schema in Rust and answers validity ~50× faster. It only answers yes or no: every record it
refuses still goes through :meth:`generator.checker.Schema.check`, so messages, locations
and codes are exactly those of the detailed translator. A record it accepts has no schema
diagnostics by definition, provided both libraries agree; ``tests/test_benchmarks_fastschema.py``
holds them to that on valid and deliberately broken records.

Without jsonschema-rs (a platform without a wheel), :func:`load` returns None and the
validator falls back to the detailed check for every record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the locked requirements install it
    jsonschema_rs = None  # type: ignore[assignment]

FastCheck = Callable[[Any], bool]


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
    is_valid: FastCheck = validator.is_valid
    return is_valid
