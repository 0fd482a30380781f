"""What the record forms (councils, centres, organisations, initiatives, partnerships) share:
the domain error, slugs, change tracking, form fields and the load-authorize-redirect helpers."""
