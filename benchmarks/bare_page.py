"""The yardstick: a bare Flask app whose one page renders a 50-item list from a Jinja template.

Served by gunicorn exactly as the planner is (`benchmarks.bare_page:app`), it shows what the
framework, the server and the machine cost for a page of cards with no database, no session and
no translation, so that each of the planner's pages can be read as a ratio to it.
"""
from __future__ import annotations

from flask import Flask, render_template

ITEMS = [
    {"slug": f"item-{number}", "title": f"Community garden {number}", "place": "Amman, Jordan",
     "summary": "Neighbours grow vegetables together and share the harvest with families who need it."}
    for number in range(50)
]

app = Flask(__name__)


@app.get("/")
def fifty_items():
    """Fifty cards: a heading, a link, a line of place and a summary each."""
    return render_template("bare_list.html", items=ITEMS)


@app.get("/healthz")
def healthz():
    """What the server start waits for."""
    return "ok"
