"""E-invoices written in UTF-16 (with a byte-order mark, or only declared) are read like UTF-8 ones,
through the same hardened parser: no entity is expanded and no external file is read."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.core.extraction import extract
from bodesk.ingest.pipeline import Importer
from bodesk.paths import Workspace
from bodesk.store import Store
from bodesk.store.schema import Invoice
from tests.hardening.conftest import assert_sound, counts
from tests.hardening.hostile import ubl

ENCODINGS = {  # how each file is written: bytes from the text, declaration changed to match
    "utf-16 with BOM": lambda text: text.encode("utf-16"),
    "utf-16-le, declared": lambda text: text.encode("utf-16-le"),
    "utf-16-be, declared": lambda text: text.encode("utf-16-be"),
    "utf-16-be with BOM": lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
}


def _as_utf16(text: str) -> str:
    return re.sub(r"""encoding=(["'])UTF-8\1""", 'encoding="UTF-16"', text, count=1, flags=re.IGNORECASE)


def test_utf16_ubl_and_cii_are_imported_with_their_values(store: Store, workspace: Workspace, tmp_path: Path,
                                                           corpus) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    want: dict[str, tuple[str, Decimal, str]] = {}
    for i, (name, encode) in enumerate(ENCODINGS.items()):
        number = f"U16-{i}"
        path = folder / f"ubl-{i}.xml"
        path.write_bytes(encode(_as_utf16(ubl(number, total=f"{100 + i}.50").decode())))
        want[path.name] = (number, Decimal(f"{100 + i}.50"), "Acme GmbH")
    cii = corpus("zugferd-corpus") / "CII" / "EN16931_Einfach.cii.xml"
    truth = next(t for t in json.loads((cii.parents[1] / "groundtruth.json").read_text())
                 if t["pdf"].endswith("EN16931_Einfach.pdf"))
    (folder / "cii.xml").write_bytes(_as_utf16(cii.read_text(encoding="utf-8")).encode("utf-16"))
    want["cii.xml"] = (truth["invoice_number"], Decimal(str(truth["grand_total"])).quantize(Decimal("0.01")),
                       " ".join(truth["seller_name"].split()))

    records = {Path(r.source).name: r for r in Importer(store).import_paths([folder])}
    assert all(not r.errors for r in records.values()), {n: r.errors for n, r in records.items()}
    with store.session() as session:
        got = {name: session.get(Invoice, r.invoice_id) for name, r in records.items()}
        assert {n: (i.invoice_number, i.total, i.vendor_name) for n, i in got.items()} == want
    assert counts(store) == (len(want), len(want))
    assert_sound(workspace)


@pytest.mark.parametrize("encode", list(ENCODINGS.values()), ids=list(ENCODINGS))
def test_utf16_xml_reads_no_external_file_and_expands_no_entity(tmp_path: Path, encode) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD")
    outside = ubl("X-1").decode().replace(
        "<Invoice ", f'<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file://{secret}">]>\n<Invoice ', 1
    ).replace("<cbc:Name>Acme GmbH</cbc:Name>", "<cbc:Name>&x;</cbc:Name>")
    path = tmp_path / "outside.xml"
    path.write_bytes(encode(_as_utf16(outside)))
    result = extract(path)
    assert result.invoice_number == "X-1", result.errors  # read as an e-invoice, not refused as unknown
    assert "TOP-SECRET" not in json.dumps(result.to_record(), default=str)

    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    bomb = ubl("X-2").decode().replace("<Invoice ", f'<!DOCTYPE Invoice [<!ENTITY l0 "lol">{lol}]>\n<Invoice ', 1)
    bomb = bomb.replace("<cbc:Name>Acme GmbH</cbc:Name>", "<cbc:Name>&l8;</cbc:Name>")
    path.write_bytes(encode(_as_utf16(bomb)))
    result = extract(path)
    assert result.vendor_name is None or len(result.vendor_name) < 100
    same = tmp_path / "bomb-utf8.xml"
    same.write_text(bomb, encoding="utf-8")
    assert (result.invoice_number, result.errors) == (extract(same).invoice_number, extract(same).errors), \
        "refused as the same file in UTF-8 is"
