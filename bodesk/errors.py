"""Errors a person can act on.

`BodeskError` carries a sentence for the user; anything else that escapes is a bug and goes
to the log (and, in the window, to the crash dialog).
"""

from __future__ import annotations


class BodeskError(Exception):
    """A problem the user can act on; `str(error)` is the sentence to show."""


class EnvironmentProblem(BodeskError):
    """The machine or its surroundings are in the way: disk full, file locked, no permission."""


class DatabaseTooNew(BodeskError):
    """The workspace was written by a newer bodesk; we refuse to touch it."""


class ConcurrentChange(BodeskError):
    """Another desk changed the same thing at the same moment; this change was not saved."""


class UnreadableDocument(BodeskError):
    """A file that cannot be read as a document (corrupt, encrypted, empty, too large)."""


def describe_os_error(exc: OSError, what: str) -> str:
    """Turn an OSError into a sentence that says what failed and what to do about it."""
    import errno

    reason = {
        errno.ENOSPC: "the disk is full; free some space and try again",
        errno.EACCES: "permission was denied; check the file's permissions",
        errno.EPERM: "the operation is not permitted; check the file's permissions",
        errno.ENOENT: "it does not exist (any more)",
        errno.EROFS: "the disk is read-only",
        errno.EISDIR: "it is a folder, not a file",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return f"Could not {what}: {reason}."
