"""gunicorn settings read from this directory: say loudly at start when failed sign-ins would be counted, or pages
cached, per process."""
import os

from planner.accounts.throttle import shared_store_warning
from planner.cache import shared_cache_warning


def on_starting(server):
    if os.environ.get("PLANNER_ENV") != "production":
        return
    for problem in (shared_store_warning(server.cfg.workers, os.environ.get("RATELIMIT_STORAGE_URI", "memory://")),
                    shared_cache_warning(server.cfg.workers, os.environ.get("CACHE_URL", "memory://"))):
        if problem:
            banner = "!" * 78
            server.log.error("%s\n%s\n%s", banner, problem, banner)
