"""``logistics serve`` and ``logistics keys``: a store URL that names no usable database is
one line naming ``db-url`` or ``LOGISTICS_DB_URL`` (password hidden), exit 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli_run import one_error_line, run_logistics

ROOT = Path(__file__).resolve().parents[3]
PG_MISSING = "postgresql+psycopg://postgres:s3cret@127.0.0.1:5432/does_not_exist"


def _cli(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    return run_logistics(*args, cwd=cwd, timeout=120, drop=("LOGISTICS_DB_URL",), **env)


FOO = "error: db-url='foo://bar': no such kind of database 'foo'"
PG = "error: db-url='postgresql+psycopg://postgres:***@127.0.0.1:5432/does_not_exist': "


@pytest.mark.parametrize(
    ("command", "url", "says"),
    [
        (["serve"], "foo://bar", FOO),
        (["serve"], PG_MISSING, PG),
        (["keys", "list"], "not a url", "error: db-url='not a url': not a database URL"),
        (["keys", "revoke", "abc"], "foo://bar", FOO),
        (["keys", "create", "--role", "shop"], PG_MISSING, PG),
    ],
)
def test_a_bad_db_url_option_is_one_line(command, url, says):
    line = one_error_line(_cli(*command, "--db-url", url))
    assert line.startswith(says), line
    assert "s3cret" not in line


def test_a_bad_db_url_variable_is_named(tmp_path):
    line = one_error_line(_cli("serve", LOGISTICS_DB_URL="foo://bar"))
    assert line.startswith("error: LOGISTICS_DB_URL='foo://bar': no such kind of database")
    line = one_error_line(_cli("keys", "list", cwd=tmp_path, LOGISTICS_DB_URL=PG_MISSING))
    assert line.startswith("error: LOGISTICS_DB_URL='postgresql+psycopg://postgres:***@")
    assert "cannot open the store" in line and "s3cret" not in line


def test_a_bad_role_creates_no_store(tmp_path):
    line = one_error_line(_cli("keys", "create", "--role", "bad", cwd=tmp_path))
    assert line.startswith("error: role='bad': one of")
    assert list(tmp_path.iterdir()) == []


def test_keys_list_and_revoke_take_db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    made = _cli("keys", "create", "--role", "planner", "--name", "ci", "--db-url", url)
    assert made.returncode == 0, made.stderr
    key_id = made.stdout.splitlines()[0].split()[3]
    listed = _cli("keys", "list", "--db-url", url, cwd=tmp_path)
    assert listed.returncode == 0 and f"{key_id}\tplanner\tci" in listed.stdout
    revoked = _cli("keys", "revoke", key_id, "--db-url", url, cwd=tmp_path)
    assert revoked.returncode == 0 and f"revoked {key_id}" in revoked.stdout
    assert not (tmp_path / "logistics.db").exists()  # the option, not the default, was used


def test_a_port_that_is_not_a_number_is_one_line():
    url = "postgresql+psycopg://postgres:s3cret@127.0.0.1:abc/db"
    line = one_error_line(_cli("keys", "list", "--db-url", url))
    assert line == (
        "error: db-url='postgresql+psycopg://postgres:***@127.0.0.1:abc/db': not a database "
        "URL (expected sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DB)"
    )


def test_an_unencoded_at_in_the_password_is_refused_with_all_of_it_hidden():
    # the URL was cut at the password's first '@': the error showed 'po:***@ss@127.0.0.1'
    url = "postgresql+psycopg://po:p@ss@127.0.0.1:5432/db"
    line = one_error_line(_cli("keys", "list", "--db-url", url))
    assert line == (
        "error: db-url='postgresql+psycopg://po:***@127.0.0.1:5432/db': the password holds "
        "an '@': write it as %40 (URLs percent-encode it)"
    )


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///"])
def test_an_in_memory_store_is_refused(url, tmp_path):
    # a key created there would be printed and lost at once; a server's job workers
    # would each see an empty database of their own
    for command in (["keys", "create", "--role", "admin"], ["serve"]):
        line = one_error_line(_cli(*command, cwd=tmp_path, LOGISTICS_DB_URL=url))
        assert line.startswith(f"error: LOGISTICS_DB_URL={url!r}: an in-memory SQLite database")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        (
            "LOGISTICS_JOB_WORKERS",
            "abc",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        ("LOGISTICS_SQLITE_BUSY_TIMEOUT_MS", "-5", "Input should be greater than or equal to 0"),
    ],
)
def test_a_bad_setting_is_one_line_naming_its_variable(variable, value, says, tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    for command in (["keys", "list", "--db-url", url], ["serve", "--db-url", url]):
        line = one_error_line(_cli(*command, cwd=tmp_path, **{variable: value}))
        assert line == f"error: {variable}={value!r}: {says}", line


def test_a_bad_key_name_creates_no_store(tmp_path):
    line = one_error_line(_cli("keys", "create", "--role", "shop", "--name", "a\tb", cwd=tmp_path))
    assert line.startswith("error: name='a\\tb': no control characters")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_refuses_a_port_outside_1_to_65535(port, tmp_path):
    # 99999 used to be announced as "serving on http://127.0.0.1:99999" while uvicorn
    # listened on 99999 - 65536 = 34463
    out = _cli("serve", "--port", port, cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "--port" in out.stderr and "serving on" not in out.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_store_migrated_by_a_newer_version_is_one_line(tmp_path):
    # e.g. the package was downgraded after a newer one migrated the store
    from sqlalchemy import create_engine, text

    from logistics.store import upgrade_database

    url = f"sqlite:///{tmp_path / 'newer.db'}"
    upgrade_database(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for command in (["keys", "list"], ["serve"]):
        line = one_error_line(_cli(*command, "--db-url", url, cwd=tmp_path))
        assert line == (
            f"error: db-url='{url}': cannot migrate the store: Can't locate revision "
            "identified by '0099' (its schema was written by a newer version of logistics "
            "or by another program)"
        )
