"""Community centres: what they offer, to whom, and where."""
