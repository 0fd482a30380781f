"""gunicorn settings read from this directory: say loudly at start when failed sign-ins would be counted per process."""
import os

from planner.accounts.throttle import shared_store_warning


def on_starting(server):
    problem = shared_store_warning(server.cfg.workers, os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    if problem and os.environ.get("PLANNER_ENV") == "production":
        banner = "!" * 78
        server.log.error("%s\n%s\n%s", banner, problem, banner)
