"""Bank statements as banks write them, made for tests: camt.053.001.02 XML, MT940 and CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

OFFICE_IBAN = "DE02120300000000202051"


@dataclass(frozen=True)
class Booking:
    amount: Decimal  # negative: a debit
    currency: str = "EUR"
    booked: date = date(2026, 12, 5)
    end_to_end_id: str | None = None
    iban: str | None = None
    name: str | None = None
    remittance: str = ""
    reference: str = ""


def camt053(bookings: list[Booking], *, statement_id: str = "STMT-2026-12-05") -> bytes:
    entries = []
    for n, b in enumerate(bookings, start=1):
        debit = b.amount < 0
        party = "Cdtr" if debit else "Dbtr"
        e2e = f"<Refs><EndToEndId>{escape(b.end_to_end_id or 'NOTPROVIDED')}</EndToEndId></Refs>"
        iban = f"<{party}Acct><Id><IBAN>{b.iban}</IBAN></Id></{party}Acct>" if b.iban else ""
        name = f"<{party}><Nm>{escape(b.name)}</Nm></{party}>" if b.name else ""
        entries.append(f"""
      <Ntry>
        <Amt Ccy="{b.currency}">{abs(b.amount):.2f}</Amt>
        <CdtDbtInd>{'DBIT' if debit else 'CRDT'}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{b.booked.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{b.booked.isoformat()}</Dt></ValDt>
        <AcctSvcrRef>{b.reference or f'REF{n:06d}'}</AcctSvcrRef>
        <BkTxCd><Prtry><Cd>NTRF</Cd><Issr>DK</Issr></Prtry></BkTxCd>
        <NtryDtls><TxDtls>{e2e}
          <AmtDtls><TxAmt><Amt Ccy="{b.currency}">{abs(b.amount):.2f}</Amt></TxAmt></AmtDtls>
          <RltdPties>{name}{iban}</RltdPties>
          <RmtInf><Ustrd>{escape(b.remittance)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>2026-12-05T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <CreDtTm>2026-12-05T18:00:00</CreDtTm>
      <Acct><Id><IBAN>{OFFICE_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>{''.join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def mt940(bookings: list[Booking]) -> bytes:
    lines = [":20:STARTUMSE", f":25:{OFFICE_IBAN}", ":28C:00001/001", ":60F:C261204EUR10000,00"]
    for b in bookings:
        amount = f"{abs(b.amount):.2f}".replace(".", ",")
        lines.append(f":61:{b.booked:%y%m%d}{b.booked:%m%d}{'D' if b.amount < 0 else 'C'}{amount}NMSCNONREF")
        details = f"?00SEPA-UEBERWEISUNG?20EREF+{b.end_to_end_id or 'NOTPROVIDED'}?21SVWZ+{b.remittance}"
        details += f"?31{b.iban or ''}?32{b.name or ''}"
        lines.append(f":86:166{details}")
    lines.append(":62F:C261205EUR9000,00")
    return ("\r\n".join(lines) + "\r\n-").encode("latin-1")


def csv_statement(bookings: list[Booking]) -> bytes:
    rows = ["booking_date;amount;currency;counterparty_iban;counterparty_name;remittance;end_to_end_id"]
    for b in bookings:
        rows.append(f"{b.booked:%d.%m.%Y};{str(b.amount).replace('.', ',')};{b.currency};{b.iban or ''};{b.name or ''};"
                    f"{b.remittance};{b.end_to_end_id or ''}")
    return ("\n".join(rows) + "\n").encode("utf-8")
