"""My planner (/me): what waits for each of the signed-in person's roles, on one page."""
