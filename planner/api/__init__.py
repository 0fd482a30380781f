"""The read-only JSON API (`/api/v1/…`, `/api/openapi.json`) and the directory's CSV downloads.

Both are open data: they answer with public records only, whoever asks. So any web page may read them from
its visitors' browsers (a council's own site showing its budget, a map of the region's initiatives):
they answer cross-origin requests (CORS, through Flask-Cors) for everyone with `*`, which browsers
never pair with cookies, so no other site can read anything a signed-in person would see.
"""
from __future__ import annotations

from flask import Blueprint
from flask_cors import CORS

OPEN_FOR_A_DAY = 24 * 3600  # how long a browser may keep the answer to its preflight question


def open_to_every_site(blueprint: Blueprint) -> None:
    """Let pages on any site read what this blueprint answers (GET and HEAD only, without credentials)."""
    CORS(blueprint, origins="*", send_wildcard=True, supports_credentials=False, methods=["GET", "HEAD"],
         max_age=OPEN_FOR_A_DAY)
