"""Settings from the environment, with development defaults that need no set-up."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

LOCALES = ("en", "ar", "fr", "tr")
RTL_LOCALES = frozenset({"ar"})


def settings_from_environment(instance_path: Path) -> dict:
    """The configuration a process gets from its environment variables."""
    production = os.environ.get("PLANNER_ENV", "development") == "production"
    return {
        "ENV_NAME": "production" if production else "development",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'planner.db'}"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _development_secret(instance_path, production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "planner@localhost"),
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "PAGE_SIZE": 20,
        "MAX_PAGE": 500,
    }


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
