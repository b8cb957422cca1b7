"""Getting documents in: the document store and the import pipeline. No Qt."""
