"""Facts the package index knows (releases, Python support, licence, dependencies,
wheel size, type hints, advisories), fetched rather than typed by hand.

`index` asks the index, `facts` turns its answers into trait values (no database,
no network), `refresh` writes them to the catalogue, `recordings` saves and
replays real answers for tests.
"""
