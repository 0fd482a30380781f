"""Error pages: a clear message in the user's language, never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from planner.db import session

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(error: HTTPException):
    """The error page (or JSON body under /api/) for an HTTP error."""
    session.rollback()
    code = error.code or 500
    if isinstance(error, SecurityError) or request_ctx.url_adapter is None:
        # a host this site does not serve, or a name no address can be built on: no page of ours to link from
        text = _("This site does not answer for that host name.")
        return f"{code} {text}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    if _wants_json():
        return jsonify(error=error.name, message=error.description, status=code), code
    return render_template("errors/error.html", error=error, code=code), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return render_error(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s", request.path)
        return render_error(InternalServerError())
