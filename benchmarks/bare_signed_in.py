"""The second yardstick: the least a signed-in form post can cost in the libraries the planner is built on.

A bare Flask app (`benchmarks.bare_signed_in:app`, served by gunicorn as the planner is) with the
planner's database, its secret key and the same libraries, but none of the planner's own work:
Flask's signed session cookie, Flask-Login loading the user from the planner's `login_sessions`
table (one SELECT by the token's hash), Flask-WTF checking the CSRF token, then one UPDATE of the
shift's row, a commit, a flashed message and a redirect. Any sign-up must do at least this much,
so its rate beside its own /healthz (which, like the planner's, asks the database for SELECT 1) is
the ceiling for the planner's sign-ups' ratio. The UPDATE changes nothing, so the capacity check
that follows is not disturbed.

    DATABASE_URL=postgresql+psycopg://… SECRET_KEY=… gunicorn benchmarks.bare_signed_in:app
"""
from __future__ import annotations

import hashlib
import os

from flask import Flask, flash, redirect
from flask_login import LoginManager, UserMixin, login_required
from flask_wtf.csrf import CSRFProtect, generate_csrf
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_CSRF_TIME_LIMIT=None)
CSRFProtect(app)
logins = LoginManager(app)
database = scoped_session(sessionmaker(create_engine(os.environ["DATABASE_URL"], pool_size=4)))
LOGIN_SESSION = text("SELECT user_id FROM login_sessions WHERE token_hash = :token_hash AND revoked_at IS NULL")
TOUCH_SHIFT = text("UPDATE shifts SET confirmed_count = confirmed_count WHERE id = :shift_id")


class Volunteer(UserMixin):
    """Who the cookie's login session belongs to."""

    def __init__(self, user_id: int):
        self.id = user_id


@logins.user_loader
def load_volunteer(token: str) -> Volunteer | None:
    user_id = database.execute(LOGIN_SESSION, {"token_hash": hashlib.sha256(token.encode()).hexdigest()}).scalar()
    return Volunteer(user_id) if user_id is not None else None


@app.teardown_appcontext
def end_session(_error) -> None:
    database.remove()


@app.get("/healthz")
def healthz():
    database.execute(text("SELECT 1"))
    return {"status": "ok"}


@app.get("/shifts/<int:shift_id>")
def shift_form(shift_id: int) -> str:
    """The form's CSRF token, where the planner's shift page has it."""
    return f'<form method="post" action="/shifts/{shift_id}/signup"><input name="csrf_token" value="{generate_csrf()}">'


@app.post("/shifts/<int:shift_id>/signup")
@login_required
def touch_shift(shift_id: int):
    database.execute(TOUCH_SHIFT, {"shift_id": shift_id})
    database.commit()
    flash("You have a place on this shift.", "success")
    return redirect(f"/shifts/{shift_id}", 302)
