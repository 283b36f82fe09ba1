"""A person's data rights: the export of everything stored about them, erasure, and retention."""
