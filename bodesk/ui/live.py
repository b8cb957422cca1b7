"""The window's side of live views across desks: what other desks commit to the shared database
arrives as the same `Changes` this desk's own actions announce (see `bodesk.store.live`)."""

from __future__ import annotations

from bodesk.jobs.runner import Job
from bodesk.ui.context import AppContext, Changes


def _listen(job: Job, url: str, me: str) -> None:
    from bodesk.store.live import listen

    for kinds in listen(url, me, lambda: job.cancelled):
        job.emit(kinds)


def start(ctx: AppContext) -> Job | None:
    """Listen for other desks' changes while the window is open (only on a shared database)."""
    if not ctx.store.shared or ctx.workspace.db_url is None:
        return None
    from bodesk.store.live import desk_id

    return ctx.runner.run("Live updates", _listen, ctx.workspace.db_url, desk_id(),
                          on_item=lambda kinds: ctx.changed.emit(Changes(frozenset(kinds))))
