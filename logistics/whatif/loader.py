"""Read a scenario from YAML, JSON or a dict; schema errors become InvalidValueError."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from logistics.errors import InvalidValueError, member, quoted
from logistics.json_file import read_json, read_text
from logistics.whatif.schema import Scenario

__all__ = ["load_scenario", "parse_scenario", "field_of", "invalid_from"]


def field_of(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as a dotted path: ``base.sites[2].capacity``; a key
    that holds a ``.`` (a sweep key) stays one: ``sweep["capacity_factor.*"]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = member(out, str(part))
    return out


def invalid_from(err: Any, field: str) -> InvalidValueError:
    """The :class:`InvalidValueError` of one pydantic error (an item of
    ``ValidationError.errors()``) at ``field``: a missing field is ``None``, "required
    field missing" (pydantic's ``input`` is then the object that lacks it, which the
    message would have quoted as if it were the bad value)."""
    if err.get("type") == "missing":
        return InvalidValueError(field, None, "required field missing")
    return InvalidValueError(field, err.get("input"), err["msg"])


def parse_scenario(data: Any, prefix: str = "") -> Scenario:
    """Validate a mapping (parsed YAML/JSON) into a :class:`Scenario`.

    Raises
    ------
    InvalidValueError
        Naming the first bad field (``base.sites[2].capacity``), its value and
        what was expected; unknown keys and wrong types are errors.
    """
    if isinstance(data, Scenario):
        return data
    if not isinstance(data, dict):
        raise InvalidValueError(prefix or "scenario", type(data).__name__, "expected a mapping")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = field_of(tuple(err["loc"]))
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        raise invalid_from(err, field or "scenario") from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key written twice in one mapping (YAML loaders
    keep the last: a second ``capacity_factor:`` silently dropped the first)."""

    def construct_mapping(self, node, deep=False):  # PyYAML's hook
        seen = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # <<: *anchor, overridable
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: PyYAML's own error follows
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {quoted(key)}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# PyYAML follows YAML 1.1, where a float needs a dot and a signed exponent: ``6e7`` and
# ``1.5e6`` were read as text and refused as "not a valid number"; YAML 1.2 (and JSON) read
# them as numbers, as a planner means them.
_UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def _read_yaml(path: Path, name: str) -> Any:
    """The parsed YAML file; a malformed one reads as a malformed JSON file does
    (:func:`logistics.json_file.read_json`): ``NAME='PATH': not valid YAML (line L column
    C: WHY)``."""
    text = read_text(path, name)
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader
    except yaml.reader.ReaderError as exc:  # a control character: no mark, a position
        at = exc.position
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        why = f"line {line} column {column}: character #x{char:04x}: {exc.reason}"
        raise InvalidValueError(name, str(path), f"not valid YAML ({why})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        why = getattr(exc, "problem", None) or str(exc).replace("\n", " ")
        if mark is not None:
            why = f"line {mark.line + 1} column {mark.column + 1}: {why}"
        raise InvalidValueError(name, str(path), f"not valid YAML ({why})") from None


def load_scenario(path: str | Path, name: str = "scenario") -> Scenario:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``).

    A ``.json`` file is read as JSON (YAML would accept a broken JSON file, e.g. a
    missing value read as null); any other as YAML.

    Parameters
    ----------
    path
        The file.
    name
        What the caller calls the file (the CLI: ``SCENARIO.yaml``).

    Raises
    ------
    InvalidValueError
        The file cannot be read, or is not valid YAML (JSON for a ``.json`` file): names
        ``name``, the path, and the line and column; the content does not follow the schema
        (names the field), or is no mapping at all (an empty file, a list: names the file).
    """
    path = Path(path)
    data = read_json(path, name) if path.suffix.lower() == ".json" else _read_yaml(path, name)
    if not isinstance(data, dict):  # nothing inside to name: name the file
        empty = "null" if path.suffix.lower() == ".json" else "an empty file"
        got = empty if data is None else f"a {type(data).__name__}"
        raise InvalidValueError(
            name, str(path), f"expected a mapping of scenario fields, got {got}"
        )
    return parse_scenario(data)
