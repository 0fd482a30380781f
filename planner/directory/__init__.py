"""The public directory: home, lists, detail pages and search across every kind of record."""
