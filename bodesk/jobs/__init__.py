"""Background work: one runner owns every executor (threads for I/O, processes for extraction)."""
