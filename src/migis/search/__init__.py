"""Full-text search over documents and curated records: one interface, swappable backends.

`service.search()` is what pages and the API call; `backends.get_backend()` picks the engine
(`MIGIS_SEARCH_BACKEND`: "tantivy", the embedded default, or "database")."""
