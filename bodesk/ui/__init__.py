"""The window: all Qt lives under this package (and at the edge of `bodesk.jobs`)."""
