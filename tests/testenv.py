"""Loaded as a pytest plugin (-p) so it runs before Django reads its settings:
test settings come from the environment like everywhere else, and these
defaults make a bare `pytest` work."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Each save would re-render the popular pages; tests of warming turn it on.
os.environ.setdefault("CACHE_WARMING", "off")
# Tests ask for a page right after an edit and expect it; the stale-page tests turn
# serving the previous revision on.
os.environ.setdefault("PAGE_STALE_SECONDS", "0")
