"""The stylesheet and scripts are named by their content, so browsers keep them a year and never wait to check them;
a changed file gets a new address at once."""
from __future__ import annotations

import os
import re

from flask import url_for

YEAR = "public, max-age=31536000, immutable"


def test_a_page_names_its_stylesheet_by_content_and_a_browser_keeps_it_a_year(client):
    page = client.get("/login").get_data(as_text=True)
    address = re.search(r'<link rel="stylesheet" href="(/static/style\.css\?v=[0-9a-f]{16})"', page).group(1)
    first = client.get(address)
    assert first.status_code == 200 and b"body" in first.get_data()
    assert first.headers["Cache-Control"] == YEAR
    again = client.get(address, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == YEAR


def test_scripts_are_named_by_content_too(app):
    with app.test_request_context("/"):
        addresses = {name: url_for("static", filename=name) for name in ("choices.js", "line_items.js", "scan.js")}
    for name, address in addresses.items():
        assert re.fullmatch(rf"/static/{re.escape(name)}\?v=[0-9a-f]{{16}}", address), address


def test_a_changed_file_has_a_new_address_and_the_old_one_is_checked_each_time(app, client, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    script = tmp_path / "enhance.js"
    script.write_text("console.log('first');")
    with app.test_request_context("/"):
        before = url_for("static", filename="enhance.js")
    script.write_text("console.log('second, longer');")
    os.utime(script, ns=(script.stat().st_atime_ns, script.stat().st_mtime_ns + 1_000_000_000))
    with app.test_request_context("/"):
        after = url_for("static", filename="enhance.js")
    assert before != after
    current = client.get(after)
    assert current.get_data() == b"console.log('second, longer');" and current.headers["Cache-Control"] == YEAR
    for address in (before, "/static/enhance.js"):  # a stored page may still name the old one
        answer = client.get(address)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache", address


def test_no_address_reaches_outside_the_static_folder(client):
    for address in ("/static/../planner/config.py?v=1", "/static/%2e%2e/pyproject.toml", "/static/missing.css?v=1"):
        assert client.get(address).status_code == 404, address


def test_every_page_names_the_site_s_icon_so_browsers_need_not_guess_at_favicon_ico(client):
    page = client.get("/initiatives").get_data(as_text=True)
    address = re.search(r'<link rel="icon" href="(/static/icon\.svg\?v=[0-9a-f]{16})" type="image/svg\+xml">',
                        page).group(1)
    icon = client.get(address)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.get_data()
