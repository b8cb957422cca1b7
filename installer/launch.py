"""Entry point of the frozen app (PyInstaller): `multiprocessing.freeze_support()`, then `bodesk.cli.main()`.

Extraction runs in a *spawned* process pool. A spawned worker of a frozen app is this same
executable started with multiprocessing's own arguments; `freeze_support()` turns it into a
worker there and then. It must run before anything else is imported, or every worker would
import Qt and open another window.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from bodesk.cli import main

    sys.exit(main())
