"""Local councils (Majalis): their pages, forms and members."""
