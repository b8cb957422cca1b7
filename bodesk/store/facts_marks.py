"""The database's own marks on invoices whose metrics facts changed: a trigger on every table the facts
are read from puts the invoices a written row concerns into `invoice_facts_dirty`, whoever writes it
(bodesk, another desk, a script working on the database directly). The same triggers on SQLite and on
PostgreSQL (where each runs a small plpgsql function); the metrics check they are all in place before
trusting the kept contributions.

Migration 0017 creates the triggers from this module: changing them takes a new migration that drops
and creates them again (databases already migrated keep the ones they have).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

DIRTY = "invoice_facts_dirty"
PREFIX = "invoice_facts_mark_"
#: Each table the facts are read from: the invoices a row concerns (`{row}` is the row written), and on
#: which changes (an update of an audit entry only matters to the columns the facts read; sealing it
#: does not).
CONCERNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "invoices": ("SELECT {row}.id AS invoice_id", ("INSERT", "UPDATE", "DELETE")),
    "documents": ("SELECT id AS invoice_id FROM invoices WHERE document_id = {row}.id", ("UPDATE", "DELETE")),
    "audit_entries": ("SELECT {row}.entity_id AS invoice_id WHERE {row}.entity = 'invoice'",
                      ("INSERT", "UPDATE OF entity, entity_id, action, field, actor, at", "DELETE")),
    "exceptions": ("SELECT {row}.invoice_id AS invoice_id", ("INSERT", "UPDATE", "DELETE")),
    "payment_items": ("SELECT {row}.invoice_id AS invoice_id", ("INSERT", "UPDATE", "DELETE")),
    "payment_transfers": ("SELECT invoice_id FROM payment_items WHERE transfer_id = {row}.id", ("UPDATE", "DELETE")),
}


def _rows(event: str) -> tuple[str, ...]:
    return {"INSERT": ("NEW",), "DELETE": ("OLD",)}.get(event.split()[0], ("OLD", "NEW"))


def trigger_names(dialect: str) -> set[str]:
    """The triggers that must be in place for the kept contributions to be trusted."""
    if dialect == "postgresql":
        return {PREFIX + table for table in CONCERNS}
    return {f"{PREFIX}{table}_{event.split()[0].lower()}" for table, (_q, events) in CONCERNS.items()
            for event in events}


def create_statements(dialect: str) -> list[str]:
    statements = []
    for table, (query, events) in CONCERNS.items():
        if dialect == "postgresql":
            body = " ".join(
                f"IF TG_OP <> '{skip}' THEN INSERT INTO {DIRTY} (invoice_id) SELECT invoice_id FROM "
                f"({query.format(row=row)}) AS concerned WHERE invoice_id IS NOT NULL "
                "ON CONFLICT DO NOTHING; END IF;"
                for row, skip in (("OLD", "INSERT"), ("NEW", "DELETE"))
            )
            statements.append(f"CREATE FUNCTION {PREFIX}{table}() RETURNS trigger LANGUAGE plpgsql AS "
                              f"$$ BEGIN {body} RETURN NULL; END $$")
            statements.append(f"CREATE TRIGGER {PREFIX}{table} AFTER {' OR '.join(events)} ON {table} "
                              f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}{table}()")
            continue
        for event in events:
            # No OR IGNORE: a statement's own conflict clause would override it inside the trigger.
            body = " ".join(
                f"INSERT INTO {DIRTY} (invoice_id) SELECT invoice_id FROM ({query.format(row=row)}) "
                f"WHERE invoice_id IS NOT NULL AND invoice_id NOT IN (SELECT invoice_id FROM {DIRTY});"
                for row in _rows(event)
            )
            statements.append(f"CREATE TRIGGER {PREFIX}{table}_{event.split()[0].lower()} AFTER {event} "
                              f"ON {table} BEGIN {body} END")
    return statements


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [s for t in CONCERNS for s in (f"DROP TRIGGER IF EXISTS {PREFIX}{t} ON {t}",
                                               f"DROP FUNCTION IF EXISTS {PREFIX}{t}()")]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(trigger_names(dialect))]


def installed(connection: Connection) -> set[str]:
    """The marking triggers the database has (enabled)."""
    if connection.dialect.name == "postgresql":
        found = connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgname LIKE :p"),
            {"p": PREFIX + "%"})
    else:
        found = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
                                   {"p": PREFIX + "%"})
    return set(found.scalars())


def in_place(connection: Connection) -> bool:
    return trigger_names(connection.dialect.name) <= installed(connection)
