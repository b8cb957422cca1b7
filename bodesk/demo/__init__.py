"""Generated sample data for the demo workspace, the tests and the extraction benchmark (no Qt)."""
