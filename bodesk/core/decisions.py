"""The AP decision on one invoice: every check, the resulting status, and who approves it.

Pure: `decide` takes the facts the store gathered (what was read, the vendor, earlier invoices, the
candidate purchase orders) and the rules from settings, and returns a `Decision`: the findings (each
an exception kind of the shared contract with a sentence), the status (needs_review, matched or
extracted, or approved when the rules approve it automatically), the approver it is routed to, and
one sentence explaining why. Nothing here touches the database; `bodesk.store.decide` writes it.

Routing: an invoice with no finding that matched its PO, was never touched by a person, comes from
a verified vendor and is at most the auto-approval limit is approved automatically. Otherwise it
waits for a person: the founder above the founder's limit, else the vendor's (or category's, or the
office's) approver. Overrides per vendor or category change the limit, the approver and whether a PO
is required.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bodesk.core.vocabulary import InvoiceStatus
from bodesk.settings import Settings
from bodesk.core.checks import (
    EarlierInvoice,
    Finding,
    VendorFacts,
    duplicate_findings,
    extraction_findings,
    overdue_findings,
    vendor_findings,
)
from bodesk.core.authority import Policy, Route, Value, convert, money, route
from bodesk.core.matching import BilledLine, Match, Order, Tolerances, choose_order, match_invoice
from bodesk.core.people import Person
from bodesk.core.records import ExtractionResult

NEEDS_REVIEW, MATCHED, EXTRACTED, APPROVED = (
    InvoiceStatus.NEEDS_REVIEW, InvoiceStatus.MATCHED, InvoiceStatus.EXTRACTED, InvoiceStatus.APPROVED)


@dataclass(frozen=True)
class Override:
    """Rules for one vendor or category; None keeps the general rule."""

    auto_approve_limit: Decimal | None = None
    approver: str | None = None
    po_required: bool | None = None
    three_way: bool | None = None


@dataclass(frozen=True)
class Rules:
    """Tolerances and approval rules (`from_settings`: from the workspace's settings)."""

    tolerances: Tolerances = field(default_factory=Tolerances)
    three_way: bool = True
    po_required: bool = True
    auto_approve_limit: Decimal = Decimal("500")
    founder_limit: Decimal = Decimal("2500")
    founder: str = "Founder"
    default_approver: str = "Office manager"
    low_confidence: float = 0.6
    possible_duplicate_days: int = 7
    overdue_grace_days: int = 0
    #: keys "vendor:<name>" and "category:<name>", lower case; the vendor's wins over its category's
    overrides: Mapping[str, Override] = field(default_factory=dict)
    #: money limits and tolerances are in this currency; `rates` give one unit of another in it
    office_currency: str = "EUR"
    rates: Mapping[str, Decimal] = field(default_factory=dict)
    two_step_above: Decimal | None = None
    #: the office's people; with none, invoices are routed to the approvers' names as set
    people: tuple[Person, ...] = ()

    @property
    def policy(self) -> Policy:
        return Policy(office_currency=self.office_currency, founder_limit=self.founder_limit,
                      two_step_above=self.two_step_above, founder=self.founder, default_approver=self.default_approver)

    def value_of(self, total: Decimal | None, currency: str | None) -> Value:
        """An amount as written and in the office currency (None there when no rate is set for it)."""
        cur = (currency or self.office_currency).upper()
        return Value(total, cur, convert(total, cur, self.office_currency, self.rates.get(cur)), self.office_currency)

    def tolerances_in(self, currency: str | None) -> Tolerances:
        """The money tolerances (set in the office currency) in an invoice's currency; with no rate, none."""
        cur = (currency or self.office_currency).upper()
        if cur == self.office_currency.upper():
            return self.tolerances
        rate = self.rates.get(cur)
        t = self.tolerances
        if not rate:
            return Tolerances(price_pct=t.price_pct, price_amount=Decimal(0), quantity_pct=t.quantity_pct, total_amount=Decimal(0))
        return Tolerances(price_pct=t.price_pct, price_amount=(t.price_amount / rate).quantize(Decimal("0.0001")),
                          quantity_pct=t.quantity_pct, total_amount=(t.total_amount / rate).quantize(Decimal("0.01")))

    @classmethod
    def from_settings(cls, settings: Settings, people: Sequence[Person] = ()) -> Rules:
        """The rules held in a workspace's typed settings (`rules.*`, `rules.override.*`)."""
        overrides = {
            who.strip().lower(): Override(
                auto_approve_limit=spec.get("auto_approve_limit"),
                approver=spec.get("approver") or None,
                po_required=spec.get("po_required"),
                three_way=spec.get("three_way"),
            )
            for who, spec in settings.family("rules.override.").items()
        }
        return cls(
            tolerances=Tolerances(
                price_pct=settings["rules.price_tolerance_pct"],
                price_amount=settings["rules.price_tolerance_amount"],
                quantity_pct=settings["rules.quantity_tolerance_pct"],
                total_amount=settings["rules.total_tolerance_amount"],
            ),
            three_way=settings["rules.three_way_match"],
            po_required=settings["rules.po_required"],
            auto_approve_limit=settings["rules.auto_approve_limit"],
            founder_limit=settings["rules.founder_limit"],
            founder=settings["rules.founder_name"],
            default_approver=settings["rules.default_approver"],
            low_confidence=settings["rules.low_confidence_threshold"],
            possible_duplicate_days=settings["rules.possible_duplicate_days"],
            overdue_grace_days=settings["rules.overdue_grace_days"],
            overrides=overrides,
            office_currency=settings["office.currency"],
            rates={cur: rate.value for cur, rate in settings.family("rates.").items()},
            two_step_above=settings["rules.two_step_above"] or None,
            people=tuple(people),
        )

    def override_for(self, vendor: VendorFacts | None) -> Override:
        if vendor is None:
            return Override()
        by_vendor = self.overrides.get(f"vendor:{vendor.name.lower()}", Override())
        by_category = self.overrides.get(f"category:{(vendor.category or '').lower()}", Override())
        return Override(
            *(
                a if a is not None else b
                for a, b in (
                    (by_vendor.auto_approve_limit, by_category.auto_approve_limit),
                    (by_vendor.approver, by_category.approver),
                    (by_vendor.po_required, by_category.po_required),
                    (by_vendor.three_way, by_category.three_way),
                )
            )
        )


@dataclass(frozen=True)
class Decision:
    """What bodesk decided about one invoice, and why."""

    findings: tuple[Finding, ...]
    status: str
    approver: str | None
    explanation: str
    match: Match | None = None
    route: tuple[str, ...] = ()  # everyone who approves it, in order (two for the two-step chain)

    @property
    def auto_approved(self) -> bool:
        return self.status == APPROVED

    @property
    def kinds(self) -> list[str]:
        return [f.kind for f in self.findings]


def net_of(result: ExtractionResult) -> Decimal | None:
    """The invoice's amount before tax: the subtotal, else total − tax, else the total."""
    if result.subtotal is not None:
        return result.subtotal
    if result.total is not None and result.tax is not None:
        return result.total - result.tax
    return result.total


def decide(
    result: ExtractionResult,
    *,
    vendor: VendorFacts | None,
    same_number: EarlierInvoice | None = None,
    similar: Sequence[EarlierInvoice] = (),
    order_by_number: Callable[[str], Order | None] = lambda _n: None,
    vendor_orders: Sequence[Order] = (),
    rules: Rules = Rules(),
    today: date,
    settled: frozenset[str] = frozenset(),
    touched: bool = False,
) -> Decision:
    """Run every check on `result` and route it.

    `settled`: kinds a person already resolved on this invoice (accepted), not raised again.
    `touched`: a person has resolved something on it before, so it is not approved automatically."""
    special = rules.override_for(vendor)
    po_required = rules.po_required if special.po_required is None else special.po_required
    three_way = rules.three_way if special.three_way is None else special.three_way
    tolerances = rules.tolerances_in(result.currency)
    findings = extraction_findings(result, low_confidence=rules.low_confidence)
    findings += vendor_findings(result, vendor)
    findings += duplicate_findings(result, same_number, list(similar), days=rules.possible_duplicate_days)
    net = net_of(result)
    order, how, no_order = choose_order(
        result.po_number,
        vendor_id=vendor.id if vendor else None,
        vendor_name=result.vendor_name,
        currency=result.currency,
        net=net,
        by_number=order_by_number,
        vendor_orders=vendor_orders,
        tolerances=tolerances,
        po_required=po_required,
    )
    match = None
    if no_order is not None:
        findings.append(no_order)
    elif order is not None:
        lines = [BilledLine(li.description, li.quantity, li.unit_price, li.amount) for li in result.line_items]
        match = match_invoice(
            order, how, lines, net=net, currency=result.currency, tolerances=tolerances, three_way=three_way
        )
        findings += match.findings
    if not any(f.kind == "duplicate" for f in findings):  # a duplicate is not to be paid first, nor at all
        findings += overdue_findings(result, vendor, today, rules.overdue_grace_days)
    merged = _merge([f for f in findings if f.kind not in settled])
    value = rules.value_of(result.total, result.currency)
    path = _route(value, vendor, rules, special)
    approver = path.steps[0]
    if merged:
        n = len(merged)
        return Decision(merged, NEEDS_REVIEW, approver, f"{n} exception{'s' if n != 1 else ''} to look at first.", match)
    status = MATCHED if match is not None else EXTRACTED
    what = f"Matched to PO {match.order.po_number} within tolerance" if match else "Read cleanly (no PO required)"
    limit = rules.auto_approve_limit if special.auto_approve_limit is None else special.auto_approve_limit
    office = value.office
    if match is not None and not touched and vendor is not None and vendor.verified and office is not None and office <= limit:
        return Decision((), APPROVED, None, f"{what} and {value.text()} is within the automatic approval limit of "
                                            f"{money(limit, rules.office_currency)}: approved automatically.", match)
    why = _why_not_automatic(match, touched, value, limit)
    extra = f"; {path.reason}" if rules.people and (len(path.steps) > 1 or "limit is" in path.reason or value.unconvertible) else ""
    return Decision((), status, approver, f"{what}; waits for {approver} ({why}{extra}).", match, path.steps)


def _route(value: Value, vendor: VendorFacts | None, rules: Rules, special: Override) -> Route:
    named = special.approver or (vendor.default_approver if vendor else None)
    if rules.people:
        return route(value, named, rules.people, rules.policy)
    # No people known (a bare rule check): the names as set, above the founder's limit the founder.
    if value.office is not None and value.office > rules.founder_limit or value.unconvertible:
        return Route((rules.founder,), "above the founder's limit")
    return Route((named or rules.default_approver or rules.founder,), "the approver named for it")


def _why_not_automatic(match: Match | None, touched: bool, value: Value, limit: Decimal) -> str:
    if match is None:
        return "not matched to a PO"
    if touched:
        return "a person resolved exceptions on it or corrected what is paid"
    if value.amount is None:
        return "no total read"
    if value.unconvertible:
        return f"there is no exchange rate for {value.currency}, so it cannot be compared with the limits"
    if value.office is not None and value.office > limit:
        return f"{value.text()} is above the automatic approval limit of {money(limit, value.office_currency)}"
    return "the vendor is not verified"


def _merge(findings: list[Finding]) -> tuple[Finding, ...]:
    """One finding per kind, its sentences joined, in the order first raised."""
    by_kind: dict[str, list[str]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f.detail)
    return tuple(Finding(kind, " ".join(details)) for kind, details in by_kind.items())
