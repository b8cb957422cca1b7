"""What an operation changed, so that each screen decides for itself whether it concerns it.

Store operations run on the job runner's store lane and hand back a `Changes`; the window announces
it once (`AppContext.changed`). Kinds are `vocabulary.Change` values ("invoices", "exceptions",
"vendors"…); ids are those touched where known (empty: possibly all); `value` is what the operation
answers besides (the new status, the rows it closed…), for the screen that asked. A `background`
change comes from work in the background (an import under way), not from a person's action: a
view may refresh for it without the GUI thread waiting on the database. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Changes:
    """Entity kinds changed and, where known, the ids touched."""

    kinds: frozenset[str]
    ids: frozenset[int] = field(default_factory=frozenset)
    value: Any = field(default=None, compare=False)
    background: bool = False

    @classmethod
    def of(cls, *kinds: str, ids: tuple[int, ...] = (), value: Any = None, background: bool = False) -> Changes:
        return cls(frozenset(str(k) for k in kinds), frozenset(ids), value, background)

    def concerns(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(str(k) for k in kinds))

    def __or__(self, other: Changes) -> Changes:
        ids = self.ids | other.ids if self.ids and other.ids else frozenset()  # one of them: possibly all
        return Changes(self.kinds | other.kinds, ids, self.value, self.background and other.background)
