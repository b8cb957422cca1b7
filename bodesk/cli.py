"""The `bodesk` command: the window when called bare, headless commands otherwise.

Only the bare command (and `--demo`) imports Qt; every subcommand runs on the core alone.
Exit status: 0 all well, 1 some input failed (each failure in its own record), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from bodesk import __version__
from bodesk.commands import COMMAND_MODULES
from bodesk.errors import BodeskError

log = logging.getLogger(__name__)


#: Options of the bare command that take a value (skipped when looking for the command word).
_VALUED = {"--home", "--db"}


def _command_word(argv: Sequence[str]) -> str | None:
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given `argv`, only the module that declares its command word in
    `COMMANDS` is registered, so `bodesk extract` does not load mail, books or the database."""
    parser = argparse.ArgumentParser(prog="bodesk", description="bodesk: the back-office desk.")
    parser.add_argument("--version", action="version", version=f"bodesk {__version__}")
    parser.add_argument("--home", metavar="DIR", help="workspace folder (default: BODESK_HOME or the user data folder)")
    parser.add_argument("--db", metavar="URL",
                        help="a shared PostgreSQL database (postgresql://user@host/db) instead of the workspace's own "
                             "(default: BODESK_DB)")
    parser.add_argument("--demo", action="store_true", help="open the app on a new demo workspace")
    parser.add_argument("--check-ocr", action="store_true",
                        help="say which OCR engines this installation can read scans with, and quit")
    # Start-up check for benchmarks and the installer's smoke test: quit once the window has painted.
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [importlib.import_module(name) for name in COMMAND_MODULES]
    word = _command_word(argv) if argv is not None else None
    owner = [m for m in modules if word is not None and word in getattr(m, "COMMANDS", ())]
    for module in owner or modules:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.check_ocr:
        return _check_ocr()
    if args.command is None:
        from bodesk.ui.app import run_app  # the only path that imports Qt

        return run_app(home=args.home, db=args.db, demo=args.demo, exit_after_paint=args.exit_after_first_paint)
    if args.demo:
        parser.error("--demo opens the app; it does not go with a command")
    from bodesk.ocr_check import locate

    locate()  # a tesseract installed off PATH is put on it, for this process and its workers
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        # The reader stopped early (`bodesk invoices list | head`): not an error. Point stdout at
        # nothing so the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except BodeskError as exc:
        print(f"bodesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        log_file = _log_to_workspace(args.home)
        log.exception("command %s failed", args.command)
        print(
            f"bodesk: an unexpected error stopped the command ({type(exc).__name__}); the details are in {log_file}.",
            file=sys.stderr,
        )
        return 1


def _log_to_workspace(home: str | None) -> str:
    """Make sure the traceback lands in the workspace's log file, never on the terminal."""
    from bodesk import log as logsetup
    from bodesk.paths import Workspace

    try:
        return str(logsetup.setup(Workspace.at(home).logs))
    except OSError:
        logging.getLogger("bodesk").addHandler(logging.NullHandler())
        return "the log (which could not be written)"


def _check_ocr() -> int:
    """Print which OCR engines load here (tesseract; PP-OCR for receipts and photos); 1 if none does."""
    from bodesk.core.extraction import neural
    from bodesk.ocr_check import locate

    status = locate()
    print(f"Tesseract OCR: {status.path}" if status.available else f"Tesseract OCR: missing. {status.message}")
    ready = neural.available()
    print("PP-OCR (receipts and photos): ready" if ready else "PP-OCR (receipts and photos): not available; "
          "small images are read with Tesseract alone")
    return 0 if status.available or ready else 1
