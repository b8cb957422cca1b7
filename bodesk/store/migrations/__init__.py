"""Alembic migrations of the workspace database, one file per schema change in `versions/`."""

#: The newest revision. Kept here so that opening an up-to-date workspace does not load Alembic;
#: a test checks that it matches the scripts.
HEAD = "0001"
