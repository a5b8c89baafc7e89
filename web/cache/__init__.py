"""The page cache: revision-keyed pages, stale pages and the warming after an edit."""
