"""Account pages: register, log in, log out. (Placeholder until the accounts feature lands.)"""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, logout_user

from planner.accounts.sessions import end_session, user_for_token
from planner.db import session
from planner.extensions import login_manager

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(token: str):
    return user_for_token(token)


@bp.route("/login", methods=["GET", "POST"])
def login():
    return redirect(url_for("directory.home"))


@bp.post("/logout")
def logout():
    end_session(getattr(current_user, "session_token", None))
    session.commit()
    logout_user()
    return redirect(url_for("directory.home"))
