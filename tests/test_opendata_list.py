"""The agreement list of the JSON API is serialised one agreement at a time (issue 8) and is
byte for byte what serialising the whole document at once gives."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.opendata.api import dumps, dumps_with_list

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=15)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "jumlah", "z", "kerja"]), json_values, max_size=3),
       st.lists(json_values, max_size=4))
def test_list_serialised_piecewise_is_the_whole_document(document: dict[str, Any], items: list[Any]) -> None:
    whole = dumps({**document, "kerja_sama": items})
    assert dumps_with_list({**document, "kerja_sama": []}, "kerja_sama", iter(items)) == whole.encode()
    assert json.loads(whole)["kerja_sama"] == items
