"""Published JSON read as a stream: the post-build checks never hold a whole register in memory.

At 50,000 agreements the open-data list (``api/v1/kerja-sama.json``) is 400 MB; read with
``json.loads`` it took 4.5 GB (issue 16: a build must stay under 2 GB). ijson's C parser (yajl2)
reads it as a stream of events instead, and only one record at a time is ever built.

- :func:`strings` gives every string value in document order with the key it stands under, as
  ``generator.check.rules.walk_strings`` over the parsed document would (a repeated key is read
  twice here, where ``json.loads`` keeps only its last value: the stream checks more, never less).
- :func:`record_ids` gives the ids of the records of a list document as
  ``generator.verify.postbuild`` counts them (the list at the top, or the one top-level list
  whose items all are objects with an ``id``).

Both raise :class:`ijson.JSONError` (or ``UnicodeDecodeError``) for a file that is not JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

import ijson

__all__ = ["JSONError", "record_ids", "strings"]

JSONError = ijson.JSONError
_OPEN = ("start_map", "start_array")
_CLOSE = ("end_map", "end_array")
Events = Iterator[tuple[str, Any]]


def _events(handle: IO[bytes]) -> Events:
    # Numbers as int or Decimal: yajl's own floats stop at 64-bit integers ("integer overflow").
    return iter(ijson.basic_parse(handle))


def _id(value: Any) -> str:
    """The id as ``str()`` of what json.loads would have made of it (a decimal number is a float)."""
    return str(float(value) if isinstance(value, Decimal) else value)


def strings(handle: IO[bytes]) -> Iterator[tuple[str | int | None, str]]:
    """(key or list index it stands under, value) of every string value, in document order; the key
    of a string at the top is None."""
    path: list[str | int | None] = []
    for event, value in _events(handle):
        if event == "map_key":
            path[-1] = value
            continue
        if event in _CLOSE:
            path.pop()
            continue
        if path and isinstance(path[-1], int):  # a value begins in a list: the next index
            path[-1] += 1
        if event == "start_map":
            path.append(None)  # its key comes with the next map_key
        elif event == "start_array":
            path.append(-1)
        elif event == "string":
            yield (path[-1] if path else None), value


def _build(event: str, value: Any, events: Events) -> Any:
    """The whole value that begins with (event, value), built from the events that follow."""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1 if event in _OPEN else 0
    while depth:
        event, value = next(events)
        builder.event(event, value)
        depth += (event in _OPEN) - (event in _CLOSE)
    return builder.value


def _items(events: Events) -> Iterator[Any]:
    """The items of the list whose start_array was just read, each built on its own."""
    for event, value in events:
        if event == "end_array":
            return
        yield _build(event, value, events)


def record_ids(handle: IO[bytes]) -> list[str] | None:
    """``str(item["id"])`` of every record of the document, or None when it has no such list.

    Records are the items of the list at the top (its items that are objects), or the items of
    the only top-level list that is not empty and whose items all are objects with an ``id``.
    """
    events = _events(handle)
    event, value = next(events)
    if event == "start_array":
        listed = [_id(item.get("id")) for item in _items(events) if isinstance(item, dict)]
        _end(events)
        return listed
    if event != "start_map":
        _end(events)
        return None
    found: list[list[str]] = []
    for mark, _key in events:
        if mark == "end_map":
            break
        event, value = next(events)  # the first event of that key's value
        if event != "start_array":
            _build(event, value, events)  # any other value: read past it
            continue
        ids: list[str] | None = []
        for item in _items(events):
            if ids is not None and isinstance(item, dict) and "id" in item:
                ids.append(_id(item["id"]))
            else:
                ids = None  # not a list of records; the rest of it is still read past
        if ids:
            found.append(ids)
    _end(events)
    return found[0] if len(found) == 1 else None


def _end(events: Events) -> None:
    """Read to the end: anything after the document is an error, as for json.loads."""
    for _ in events:
        pass
