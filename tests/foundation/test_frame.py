"""The site's header and footer are rendered once per language and menu and kept (planner.frame): every reader
still gets their own name, menu, form token and addresses, escaped, in their own language."""
from __future__ import annotations

import re

from tests.conftest import log_in

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def header_of(page: str) -> str:
    return page[page.index('<header class="site-header">'):page.index("</header>")]


def footer_of(page: str) -> str:
    return page[page.index('<footer class="site-footer">'):page.index("</footer>")]


def test_readers_in_turn_each_get_their_own_name_and_menu(client, make, db):
    admin, volunteer = make.admin(name="Amal the Administrator"), make.user(name="Vera <b>Volunteer</b>")
    db.commit()
    log_in(client, admin)
    first = header_of(client.get("/councils").get_data(as_text=True))
    log_in(client, volunteer)
    second = header_of(client.get("/councils").get_data(as_text=True))
    assert "Amal the Administrator" in first and "Audit log" in first and "Accounts" in first
    assert "Vera &lt;b&gt;Volunteer&lt;/b&gt;" in second and "<b>Volunteer</b>" not in second
    assert "Amal" not in second and "Audit log" not in second and "Accounts" not in second
    assert "My shifts" in second and "Log out" in second and "Log in" not in second


def test_the_kept_frame_still_carries_this_session_s_form_token(client, make, db, csrf_on):
    volunteer = make.user(name="Token Holder")
    db.commit()
    log_in(client, volunteer)
    client.get("/councils")  # the frame is kept from this page
    page = client.get("/initiatives").get_data(as_text=True)
    tokens = set(TOKEN.findall(header_of(page) + footer_of(page)))
    assert len(tokens) == 1
    logged_out = client.post("/logout", data={"csrf_token": tokens.pop()})
    assert logged_out.status_code == 302
    assert "Log in" in header_of(client.get("/councils").get_data(as_text=True))


def test_each_page_s_footer_comes_back_to_that_page(client):
    client.get("/councils")
    footer = footer_of(client.get("/centres?page=2").get_data(as_text=True))
    assert footer.count('name="next" value="/centres?page=2"') == 2
    login_link = header_of(client.get("/organisations").get_data(as_text=True))
    assert "/login?next=/organisations" in login_link.replace("%2F", "/").replace("%3F", "?")


def test_the_search_box_holds_the_words_only_on_the_search_page(client):
    on_search = header_of(client.get("/search?q=water+%22wells%22").get_data(as_text=True))
    assert 'value="water &#34;wells&#34;"' in on_search
    elsewhere = header_of(client.get("/initiatives?q=water").get_data(as_text=True))
    assert 'name="q" value=""' in elsewhere


def test_the_frame_speaks_each_reader_s_language(client):
    english = header_of(client.get("/councils", headers={"Accept-Language": "en"}).get_data(as_text=True))
    arabic = client.get("/councils", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    french = footer_of(client.get("/councils", headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert "Councils" in english and "Councils" not in header_of(arabic) and 'dir="rtl"' in arabic
    assert "Langue" in french and 'value="fr" lang="fr" selected' in french
