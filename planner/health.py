"""/healthz: 200 when the app and its database answer, 503 otherwise."""
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from planner.db import session

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
