"""Settings from the environment, with development defaults that need no set-up."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

LOCALES = ("en", "ar", "fr", "tr")
ADDRESS_LANGUAGE = "lang"  # the query parameter by which an address names its language (planner.i18n)
RTL_LOCALES = frozenset({"ar"})


def settings_from_environment(instance_path: Path) -> dict:
    """The configuration a process gets from its environment variables."""
    production = os.environ.get("PLANNER_ENV", "development") == "production"
    base_url = _base_url(production)
    return {
        # Absolute links (e-mails, calendar feeds, the API) start with this, never with the request's Host.
        "BASE_URL": base_url,
        # In production a request for any other host is refused (400) before it reaches a page.
        "TRUSTED_HOSTS": _trusted_hosts(base_url) if production else None,
        "ENV_NAME": "production" if production else "development",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'planner.db'}"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _development_secret(instance_path, production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,  # the largest request body (a spreadsheet of shifts is the largest)
        "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,  # a field as large: the checked spreadsheet, sent back to be added
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "planner@localhost"),
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "CACHE_URL": os.environ.get("CACHE_URL", "memory://"),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "PAGE_SIZE": 20,
        "MAX_PAGE": 500,
        "SEARCH_BOUND": 1_000,  # the most matches of one kind a search ranks and counts (planner.directory.search)
    }


def _base_url(production: bool) -> str:
    """PLANNER_BASE_URL (such as https://planner.example.org); in development the local server's address."""
    configured = os.environ.get("PLANNER_BASE_URL", "").strip().rstrip("/")
    if configured:
        parts = urlsplit(configured)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise RuntimeError(f"PLANNER_BASE_URL must look like https://planner.example.org, not {configured!r}")
        return configured
    if production:
        raise RuntimeError("PLANNER_BASE_URL must be set when PLANNER_ENV=production")
    return f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"


def _trusted_hosts(base_url: str) -> list[str]:
    """The base URL's host, and any others PLANNER_TRUSTED_HOSTS lists (comma-separated)."""
    extra = [host.strip() for host in os.environ.get("PLANNER_TRUSTED_HOSTS", "").split(",") if host.strip()]
    return [urlsplit(base_url).hostname, *extra]


def _development_secret(instance_path: Path, production: bool) -> str:
    """A key made once and kept under instance/, so sessions survive restarts in development."""
    if production:
        raise RuntimeError("SECRET_KEY must be set when PLANNER_ENV=production")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
