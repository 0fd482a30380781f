"""Giving a record's written text in the other languages of the site, on one form per record."""
