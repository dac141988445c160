"""The records document is read record by record, and reads exactly what json.loads reads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from willkommensordner.exchange.format import _top_level, bounded_loads

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(max_size=6), VALUES, max_size=4),
    st.lists(VALUES, max_size=5),
    st.sampled_from([None, 0, 2]),
    st.booleans(),
)
def test_reads_what_json_loads_reads(
    other: dict[str, Any], records: list[Any], indent: int | None, ascii_only: bool
) -> None:
    document = {**{k: v for k, v in other.items() if k != "records"}, "records": records}
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    assert _top_level(text) == json.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"records": [1, 2]} x',
        '{"records": [1, 2,]}',
        '{"records": [1 2]}',
        '{"a": 1, "a": 2, "records": []}',
        '{"records": [1], "records": [2]}',
        '["records"]',
        '{"records": [1]',
        "",
        "{1: 2}",
    ],
)
def test_refuses_what_is_not_one_clean_object(text: str) -> None:
    with pytest.raises(ValueError):
        _top_level(text)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.booleans())
def test_the_bounded_reader_reads_what_json_loads_reads(value: Any, ascii_only: bool) -> None:
    # Strings full of brackets, quotes and backslashes must not count as nesting.
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert bounded_loads(text.encode()) == json.loads(text)


@pytest.mark.parametrize("text", ["[" * 33 + "]" * 33, '{"a":' * 33 + "1" + "}" * 33])
def test_the_bounded_reader_refuses_deep_nesting_before_decoding(text: str) -> None:
    with pytest.raises(ValueError):
        bounded_loads(text.encode())
    assert bounded_loads(text.encode(), max_depth=33) == json.loads(text)
