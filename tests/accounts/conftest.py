"""Helpers for the accounts tests: logging in through the real form, and people with roles."""
from __future__ import annotations

import pytest

from planner.accounts.models import Role
from tests.conftest import current_code
from tests.factories import PASSWORD


def form_login(client, email: str, password: str = PASSWORD, **data):
    """Log in through the login form, as a browser would (with the code step, for two-step accounts)."""
    response = client.post("/login", data={"email": email, "password": password, **data})
    if response.status_code == 302 and response.headers["Location"].endswith("/login/code"):
        return client.post("/login/code", data={"code": current_code(email)})
    return response


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


@pytest.fixture
def admin(make):
    person = make.user(name="Ada Admin")
    make.grant(person, Role.ADMIN)
    return person
