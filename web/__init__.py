"""Site-wide plumbing that is not about the catalogue: which methods a URL answers,
response headers, compression, the site's own origin, and the shape of query strings."""
