"""`python -m bodesk`: the same entry point as the `bodesk` command."""

import sys

from bodesk.cli import main

sys.exit(main())
