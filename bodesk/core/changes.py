"""What an operation changed, so that each screen decides for itself whether it concerns it.

Store operations run on the job runner's store lane and hand back a `Changes`; the window announces
it once (`AppContext.changed`). Kinds are `vocabulary.Change` values ("invoices", "exceptions",
"vendors"…); ids are those touched where known (empty: possibly all). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Entity kinds changed and, where known, the ids touched."""

    kinds: frozenset[str]
    ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: str, ids: tuple[int, ...] = ()) -> Changes:
        return cls(frozenset(str(k) for k in kinds), frozenset(ids))

    def concerns(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(str(k) for k in kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.ids | other.ids)
