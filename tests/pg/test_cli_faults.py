"""The office database at fault, as the command line meets it: a wrong password, another
application's database, a server that cannot be reached, a server that stops under a running desk
and comes back. Each is exit 1 and one sentence (never a traceback), and nothing is changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from bodesk.errors import EnvironmentProblem
from bodesk.paths import Workspace
from bodesk.store import approvals, open_store
from bodesk.store.schema import Invoice
from bodesk.store.schema_desks import DocumentBlob
from tests.pg.server import PgServer, _free_port
from tests.pg.test_import_faults import _bodesk
from tests.store.conftest import add_invoice


def _run(home: Path, url: str, *args: str) -> tuple[int, str, str]:
    proc = _bodesk(home, url, *args)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def _one_sentence(err: str, words: str) -> None:
    assert err.startswith("bodesk: ") and words in err, err
    assert "Traceback" not in err and "unexpected error" not in err and len(err.strip().splitlines()) == 1, err


def test_a_wrong_password_is_exit_1_and_a_sentence(tmp_path: Path, pg_url: str) -> None:
    code, out, err = _run(tmp_path / "desk", pg_url.replace("desk-pass", "not-it"), "invoices", "list")
    assert code == 1 and out == ""
    _one_sentence(err, "refused the user name or password")


def test_another_applications_database_is_exit_1_and_left_untouched(tmp_path: Path, pg_url: str) -> None:
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id integer primary key, name text)"))
    code, _out, err = _run(tmp_path / "desk", pg_url, "import", str(tmp_path))
    assert code == 1
    _one_sentence(err, "another application")
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["customers"]
    engine.dispose()


def test_an_unreachable_server_at_start_is_exit_1_and_a_sentence(tmp_path: Path, pg_server: PgServer) -> None:
    nowhere = pg_server.url("office").replace(str(pg_server.port), str(_free_port()))
    code, _out, err = _run(tmp_path / "desk", nowhere, "approve", "1", "--by", "Founder")
    assert code == 1
    _one_sentence(err, "cannot be reached")


def test_a_server_that_stops_under_a_running_desk_is_a_sentence_and_the_desk_goes_on_when_it_is_back(
        tmp_path: Path, pg_server: PgServer, pg_url: str) -> None:
    store = open_store(Workspace.at(tmp_path / "desk", pg_url))  # a window left open all day
    try:
        with store.session() as session:
            session.add(DocumentBlob(sha256=f"{1:064x}", content=b"%PDF"))
        invoice = add_invoice(store, 1, status="matched")
        with pg_server.down():
            with pytest.raises(EnvironmentProblem, match="cannot be reached|connection to the office database was lost"):
                approvals.approve(store, invoice, by="Founder")
            code, _out, err = _run(tmp_path / "other", pg_url, "approve", str(invoice), "--by", "Founder")
            assert code == 1
            _one_sentence(err, "office database")
        assert approvals.approve(store, invoice, by="Founder") == "approved"  # the same desk, no restart
        with store.session() as session:
            assert session.get_one(Invoice, invoice).version == 2
    finally:
        store.close()
