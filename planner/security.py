"""Headers every response carries, the proxy setting that decides whose address we see, and input no page
should ever be handed."""
from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    # Only a configured number of proxies may speak for the client's address;
    # without one, X-Forwarded-For is ignored and cannot reset a throttle.
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.before_request
    def refuse_nul_bytes():
        """No browser sends a NUL byte, and PostgreSQL text cannot hold one: answer before any page runs.

        (A query string is left to its page, which ignores a value it does not know and says so.)
        """
        if "\x00" in request.path:
            abort(404)  # an address with a NUL in it names no record
        if request.method != "GET" and _holds_nul(request.form):
            abort(400)

    @app.after_request
    def add_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def _holds_nul(values) -> bool:
    """Whether any name or value of a posted form has a NUL byte in it."""
    return any("\x00" in name or any("\x00" in value for value in items) for name, items in values.lists())
