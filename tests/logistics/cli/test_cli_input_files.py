"""Every command that reads an input file reports a path it cannot read the same way:
``error: NAME='PATH': reason`` on stderr, exit 2, no traceback (``logistics.cli.input_files``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from logistics.cli import input_files
from logistics.cli.app import app
from logistics.cli.errors import run_cli
from logistics.cli.input_files import check_input_file
from logistics.errors import InvalidValueError

ROOT = Path(__file__).resolve().parents[3]
EX = ROOT / "examples"

# (argv with {p} where the bad path goes, the name the error gives the file)
COMMANDS = [
    (["route", "solve", "{p}", "--format", "json", "--time-limit", "1"], "FILE"),
    (["route", "solve", "{p}", "--format", "solomon", "--time-limit", "1"], "FILE"),
    (["source", "{p}"], "ORDER.json"),
    (["source", str(EX / "sourcing" / "order_same_city.json"), "--network", "{p}"], "network"),
    (["waves", "plan", "{p}", "--layout", str(EX / "layout.json")], "ORDERS.json"),
    (["waves", "plan", str(EX / "waves_orders.json"), "--layout", "{p}"], "layout"),
    (["waves", "sbpo", "{p}"], "FILE"),
    (["slot", "plan", "{p}"], "PROBLEM.json"),
    (["slot", "moves", "{p}"], "PROBLEM.json"),
    (["slot", "moves", str(EX / "slotting" / "problem.json"), "--target", "{p}"], "target"),
    (["network", "solve", "{p}"], "FILE"),
    (["whatif", "{p}"], "SCENARIO.yaml"),
]

KINDS = {
    "missing": (lambda d: d / "nope.json", "file not found"),
    "folder": (lambda d: d, "is a folder; give a file name"),
    "not UTF-8": (lambda d: _write(d / "bad.json", b'{"id": "\xff"}'), "not UTF-8 text (byte 8)"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(("argv", "name"), COMMANDS, ids=lambda x: " ".join(x[:2]) + f" {x[-1]}")
def test_every_command_reports_an_unreadable_input_file_the_same_way(
    argv, name, kind, tmp_path, monkeypatch, capsys
):
    make, reason = KINDS[kind]
    path = make(tmp_path)
    monkeypatch.setattr(sys, "argv", ["logistics", *(a.replace("{p}", str(path)) for a in argv)])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    out = capsys.readouterr()
    assert exc.value.code == 2
    assert out.err == f"error: {name}='{path}': {reason}\n"  # one line, nothing else
    assert out.out == ""


def _pipe(data: bytes) -> Path:
    """A path to a pipe holding ``data`` (as ``cat FILE | logistics ... /dev/stdin``)."""
    read_end, write_end = os.pipe()
    os.write(write_end, data)
    os.close(write_end)
    return Path(f"/dev/fd/{read_end}")


def test_a_pipe_is_left_unread_for_the_command():
    path = _pipe(b'{"id": "o-1"}')
    assert check_input_file("FILE", path) == path
    assert path.read_bytes() == b'{"id": "o-1"}'


def test_a_command_reads_its_input_from_a_pipe(monkeypatch, capsys):
    # `cat order.json | logistics source /dev/stdin` read an empty file: the check before
    # the command had read the pipe to its end ("not valid JSON (line 1 column 1 ...)")
    order = _pipe((EX / "sourcing" / "order_same_city.json").read_bytes())
    network = str(EX / "sourcing" / "network_small.json")
    monkeypatch.setattr(sys, "argv", ["logistics", "source", str(order), "--network", network])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code == 0
    assert "order A-1001: sourced" in capsys.readouterr().out


def test_a_readable_utf8_file_is_returned(tmp_path):
    path = _write(tmp_path / "ok.json", '{"city": "São Paulo"}'.encode())
    assert check_input_file("FILE", path) == path
    empty = _write(tmp_path / "empty.txt", b"")
    assert check_input_file("FILE", empty) == empty


def test_the_bad_byte_is_counted_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(input_files, "_CHUNK", 4)
    # "é" (2 bytes) split over the chunk boundary is fine; the lone 0xff at byte 9 is not
    path = _write(tmp_path / "x.txt", b"abc\xc3\xa9defg\xffh")
    with pytest.raises(InvalidValueError) as e:
        check_input_file("FILE", path)
    assert (e.value.field, e.value.reason) == ("FILE", "not UTF-8 text (byte 9)")


def test_a_character_cut_off_at_the_end_is_not_utf8(tmp_path, monkeypatch):
    monkeypatch.setattr(input_files, "_CHUNK", 2)
    path = _write(tmp_path / "x.txt", b"abc\xe2\x82")  # the first 2 of 3 bytes of a euro sign
    with pytest.raises(InvalidValueError, match=r"not UTF-8 text \(byte 3\)"):
        check_input_file("FILE", path)


def test_a_file_that_cannot_be_opened_names_why(tmp_path, monkeypatch):
    path = _write(tmp_path / "secret.json", b"{}")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # root reads a chmod 000 file anyway
    with pytest.raises(InvalidValueError) as e:
        check_input_file("layout", path)
    assert str(e.value) == f"layout='{path}': cannot read: Permission denied"


@pytest.mark.parametrize(("argv", "name"), COMMANDS, ids=lambda x: " ".join(x[:2]) + f" {x[-1]}")
def test_the_usage_names_the_file_as_its_errors_do(argv, name, monkeypatch, capsys):
    # the usage showed {file}, {order_file}, {problem_file} while the errors said FILE,
    # ORDER.json, PROBLEM.json; options (layout, network, target) keep their --names
    if "{p}" not in argv[:3]:
        return
    command = argv[: argv.index("{p}")]
    monkeypatch.setattr(sys, "argv", ["logistics", *command, "--help"])
    with pytest.raises(SystemExit):
        run_cli(app)
    usage = next(ln for ln in capsys.readouterr().out.splitlines() if "Usage:" in ln)
    assert name in usage, usage


# the commands whose input is JSON (a ``.json`` scenario is read as JSON, not YAML)
JSON_COMMANDS = [
    (argv, name)
    for argv, name in COMMANDS
    if "solomon" not in argv and argv[0] not in ("network",) and argv[:2] != ["waves", "sbpo"]
]


def _refused(argv: list[str], path: Path, monkeypatch, capsys) -> str:
    """Run ``argv`` with ``{p}`` as ``path``: it exits 2 and prints nothing on stdout;
    returns its stderr."""
    monkeypatch.setattr(sys, "argv", ["logistics", *(a.replace("{p}", str(path)) for a in argv)])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    out = capsys.readouterr()
    assert exc.value.code == 2 and out.out == ""
    return out.err


@pytest.mark.parametrize(
    ("argv", "name"), JSON_COMMANDS, ids=lambda x: " ".join(x[:2]) + f" {x[-1]}"
)
def test_every_command_reports_malformed_json_naming_the_file_line_and_column(
    argv, name, tmp_path, monkeypatch, capsys
):
    # route solve said ``error: /x/bad.json='line 4': not valid JSON: ...`` (the line as
    # the value, the path as the field); the others differed in wording; whatif read a
    # broken .json scenario as YAML and took the missing value for null
    path = _write(tmp_path / "bad.json", b'{\n  "a": 1,\n  "b": \n}\n')
    assert _refused(argv, path, monkeypatch, capsys) == (
        f"error: {name}='{path}': not valid JSON (line 4 column 1: Expecting value)\n"
    )


def test_a_routing_document_that_is_not_an_object_names_the_file(tmp_path, monkeypatch, capsys):
    path = _write(tmp_path / "list.json", b"[1, 2]")
    monkeypatch.setattr(sys, "argv", ["logistics", "route", "solve", str(path), "--format", "json"])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code == 2
    assert capsys.readouterr().err == f"error: FILE='{path}': expected an object, not [1, 2]\n"


@pytest.mark.parametrize(
    ("argv", "name"), JSON_COMMANDS, ids=lambda x: " ".join(x[:2]) + f" {x[-1]}"
)
def test_every_command_refuses_a_lone_surrogate_naming_where_it_is(
    argv, name, tmp_path, monkeypatch, capsys
):
    # route solve --map and waves plan crashed writing it (UnicodeEncodeError traceback)
    path = _write(tmp_path / "bad.json", b'{"a": ["x", "van-\\ud800"]}')
    assert _refused(argv, path, monkeypatch, capsys) == (
        f"error: {name}='{path}': not Unicode text (a lone UTF-16 surrogate at "
        "a[1]: 'van-\\ud800')\n"
    )


@pytest.mark.parametrize(
    ("argv", "name"), JSON_COMMANDS, ids=lambda x: " ".join(x[:2]) + f" {x[-1]}"
)
def test_every_command_reports_json_nested_too_deeply_naming_the_file(
    argv, name, tmp_path, monkeypatch, capsys
):
    # was a RecursionError traceback (exit 1)
    path = _write(tmp_path / "deep.json", b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    err = _refused(argv, path, monkeypatch, capsys)
    assert err == f"error: {name}='{path}': not valid JSON (nested too deeply to read)\n"
