"""Payment terms read from words and from e-invoice XML: net days and every early-payment discount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bodesk.core.terms import PaymentTerms, parse_terms, terms_from_einvoice



@pytest.mark.parametrize(
    ("text", "net", "discounts"),
    [
        ("Net 30", 30, []),
        ("Payment terms: 30 days", 30, []),
        ("2/10 net 30", 30, [("2", 10)]),
        ("1.5/14, n/45", 45, [("1.5", 14)]),
        ("2 % Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto", 30, [("2", 10)]),
        ("Zahlbar innerhalb 14 Tagen mit 3% Skonto oder 30 Tage netto", 30, [("3", 14)]),
        ("Escompte de 2 % pour paiement sous 8 jours. Paiement à 30 jours.", 30, [("2", 8)]),
        ("Escompte pour paiement anticipé : néant", None, []),
        ("Descuento por pronto pago del 2,5 % si se paga en 10 días; neto 60 días", 60, [("2.5", 10)]),
        ("Betaling binnen 30 dagen, 2% korting bij betaling binnen 8 dagen", 30, [("2", 8)]),
        ("2% discount if paid within 10 days, otherwise net 30", 30, [("2", 10)]),
        ("Table tennis net 12.00 9 108.00", None, []),  # a product line, not terms
        ("Zahlbar sofort ohne Abzug", None, []),
    ],
)
def test_terms_in_words(text: str, net: int | None, discounts: list[tuple[str, int]]) -> None:
    terms = parse_terms(text)
    assert terms.net_days == net
    assert [(str(d.percent), d.days) for d in terms.discounts] == discounts


def test_discount_schedule_gives_last_day_and_saving() -> None:
    terms = parse_terms("3 % Skonto innerhalb 7 Tagen, 1 % Skonto innerhalb 14 Tagen, 30 Tage netto")
    steps = terms.schedule(date(2026, 11, 25), Decimal("1234.56"))
    assert [(s.until, s.amount) for s in steps] == [(date(2026, 12, 2), Decimal("37.04")), (date(2026, 12, 9), Decimal("12.35"))]
    assert terms.due(date(2026, 11, 25)) == date(2026, 12, 25)
    assert terms.schedule(date(2026, 11, 25), Decimal("-50.00")) == []  # a credit note earns no discount


def test_every_payment_terms_entry_of_a_cii_invoice_is_read() -> None:
    xml = b"""<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
      xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"><rsm:SupplyChainTradeTransaction>
      <ram:ApplicableHeaderTradeSettlement>
      <ram:SpecifiedTradePaymentTerms><ram:Description>#SKONTO#TAGE=7#PROZENT=3.00#
#SKONTO#TAGE=14#PROZENT=1.50#
</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">20261230</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradePaymentTerms><ram:ApplicableTradePaymentDiscountTerms>
        <ram:BasisPeriodMeasure unitCode="DAY">21</ram:BasisPeriodMeasure><ram:CalculationPercent>0.5</ram:CalculationPercent>
      </ram:ApplicableTradePaymentDiscountTerms></ram:SpecifiedTradePaymentTerms>
      </ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"""
    terms = terms_from_einvoice(xml)
    assert terms.due_date == date(2026, 12, 30)
    assert [(str(d.percent), d.days) for d in terms.discounts] == [("3.00", 7), ("1.50", 14), ("0.5", 21)]


def test_ubl_payment_terms_with_settlement_discount() -> None:
    xml = b"""<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
      xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
      xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
      <cbc:DueDate>2026-12-31</cbc:DueDate>
      <cac:PaymentTerms><cbc:Note>Net 30</cbc:Note></cac:PaymentTerms>
      <cac:PaymentTerms><cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>
        <cac:SettlementPeriod><cbc:EndDate>2026-12-11</cbc:EndDate></cac:SettlementPeriod></cac:PaymentTerms>
    </Invoice>"""
    terms = terms_from_einvoice(xml)
    assert terms.net_days == 30 and terms.due_date == date(2026, 12, 31)
    assert [(str(d.percent), d.until) for d in terms.discounts] == [("2", date(2026, 12, 11))]


def test_hostile_xml_gives_no_terms_and_expands_nothing() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Invoice><PaymentTerms><Note>&c; net 30</Note></PaymentTerms></Invoice>"""
    terms = terms_from_einvoice(bomb)
    assert "AAAA" not in terms.text


def test_corpus_skonto_terms(corpus) -> None:  # type: ignore[no-untyped-def]
    terms = terms_from_einvoice((corpus("zugferd-corpus") / "CII" / "EN16931_Rabatte.cii.xml").read_bytes())
    assert terms.net_days == 30
    assert [(str(d.percent), d.days, d.until) for d in terms.discounts] == [("3", 10, date(2018, 6, 15))]


def test_terms_survive_the_database_round_trip() -> None:
    terms = parse_terms("2/10 net 30")
    assert PaymentTerms.from_json(terms.to_json()) == terms
