"""``read_json`` / ``read_text``: input files read alike by every command."""

from __future__ import annotations

import pytest

from logistics.errors import MAX_QUOTED_CHARS, InvalidValueError
from logistics.json_file import read_json, read_text


def test_a_key_written_twice_is_refused_naming_it(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"stops": [{"id": "a", "id": "b"}]}')
    with pytest.raises(InvalidValueError) as err:
        read_json(path, "FILE")
    assert (err.value.field, err.value.value) == ("FILE", str(path))
    assert err.value.reason == "not valid JSON (duplicate key 'id')"


def test_a_long_key_written_twice_is_named_cut_short(tmp_path):
    # was: the 5,000-character key quoted whole in the reason (and the CLI's line)
    key = "k" * 5000
    path = tmp_path / "plan.json"
    path.write_text(f'{{"{key}": 1, "{key}": 2}}')
    with pytest.raises(InvalidValueError) as err:
        read_json(path, "FILE")
    shown = repr("k" * MAX_QUOTED_CHARS) + "... (5000 characters)"
    assert err.value.reason == f"not valid JSON (duplicate key {shown})"


def test_the_same_key_in_different_objects_is_fine(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"a": {"id": 1}, "b": {"id": 2}}')
    assert read_json(path, "FILE") == {"a": {"id": 1}, "b": {"id": 2}}


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"\xff{}", "not UTF-8 text (byte 0)"), (None, "cannot read: No such file or directory")],
)
def test_unreadable_text_names_the_file(tmp_path, content, reason):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidValueError) as err:
        read_text(path, "ORDER.json")
    assert (err.value.field, err.value.reason) == ("ORDER.json", reason)


def test_a_byte_order_mark_is_skipped(tmp_path):
    # was "not valid JSON (line 1 column 1: Unexpected UTF-8 BOM (decode using utf-8-sig))"
    path = tmp_path / "order.json"
    path.write_bytes(b'\xef\xbb\xbf{"id": "A-1"}')
    assert read_json(path, "ORDER.json") == {"id": "A-1"}


def test_a_bad_byte_after_a_byte_order_mark_is_counted_from_the_file_start(tmp_path):
    path = tmp_path / "order.json"
    path.write_bytes(b"\xef\xbb\xbf{}\xff")
    with pytest.raises(InvalidValueError) as err:
        read_text(path, "ORDER.json")
    assert err.value.reason == "not UTF-8 text (byte 5)"


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path, word):
    path = tmp_path / "day.json"  # Python's json read them as floats
    path.write_text(f'{{"capacity_factor": {word}}}')
    with pytest.raises(InvalidValueError) as err:
        read_json(path, "FILE")
    assert err.value.reason == f"not valid JSON ({word} is not a JSON value)"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"vehicles": [{"id": "van-\\ud800"}]}', "vehicles[0].id: 'van-\\ud800'"),
        ('{"a": {"k\\udc00": 1}}', "a: key 'k\\udc00'"),
        ('["\\uDFFF"]', "[0]: '\\udfff'"),
    ],
)
def test_a_lone_surrogate_escape_is_refused_naming_where_it_is(tmp_path, text, where):
    # valid JSON syntax but no text: route solve --map and waves plan (text output)
    # crashed with a UnicodeEncodeError traceback writing it
    path = tmp_path / "plan.json"
    path.write_text(text)
    with pytest.raises(InvalidValueError) as err:
        read_json(path, "FILE")
    assert (err.value.field, err.value.value) == ("FILE", str(path))
    assert err.value.reason == f"not Unicode text (a lone UTF-16 surrogate at {where})"


def test_a_surrogate_pair_is_the_character_it_encodes(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"id": "van-\\ud83d\\ude9a", "b": "\\\\ud800"}')
    assert read_json(path, "FILE") == {"id": "van-\U0001f69a", "b": "\\ud800"}


def test_json_nested_too_deeply_to_read_names_the_file(tmp_path):
    # was a RecursionError traceback from every command reading the file
    path = tmp_path / "deep.json"
    path.write_text('{"stops": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(InvalidValueError) as err:
        read_json(path, "FILE")
    assert (err.value.field, err.value.value) == ("FILE", str(path))
    assert err.value.reason == "not valid JSON (nested too deeply to read)"
