"""A record's link, shared in a message or a post, shows its name and first words in the reader's language; search
engines keep one address for it."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime


def head_of(client, address: str, language: str = "en") -> dict[str, str]:
    answer = client.get(address, headers={"Accept-Language": language}, follow_redirects=True)
    assert answer.status_code == 200, address
    head = answer.get_data(as_text=True).split("</head>")[0]
    found = {name: html.unescape(value) for name, value in
             re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', head)}
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', head)
    if canonical:
        found["canonical"] = canonical.group(1)
    return found


def test_a_record_s_link_shows_its_name_and_first_words_in_the_reader_s_language(client, make, world, app, db):
    long_summary = "Every Saturday the neighbours meet at the welcome house " * 8
    record = make.initiative("Ksarzed \"Open\" <Gardens>", in_council=world.council_a, lead=world.org_a,
                             summary=long_summary, translations={"ar": {"title": "حدائق قصر زد المفتوحة"}})
    db.commit()
    address = f"{app.config['BASE_URL']}/initiatives/{record.slug}"

    english = head_of(client, f"/initiatives/{record.slug}")
    assert english["og:title"] == "Ksarzed \"Open\" <Gardens>"  # written back exactly, quotes and all
    assert english["description"] == english["og:description"]
    assert english["description"].startswith("Every Saturday") and english["description"].endswith("…")
    assert len(english["description"]) <= 200
    assert english["canonical"] == english["og:url"] == address
    assert english["og:locale"] == "en_GB" and english["og:site_name"] == "Community Planner"

    arabic = head_of(client, f"/initiatives/{record.id}?utm_source=whatsapp", "ar")  # by id, with a tracking query
    assert arabic["og:title"] == "حدائق قصر زد المفتوحة" and arabic["og:locale"] == "ar_AR"
    assert arabic["canonical"] == address


def test_each_kind_of_record_has_its_card(client, world):
    for address in (f"/councils/{world.council_a.slug}", f"/centres/{world.centre_a.slug}",
                    f"/organisations/{world.org_a.slug}", f"/partnerships/{world.partnership_a.slug}"):
        card = head_of(client, address)
        assert card["og:title"] and card["canonical"].endswith(address), address


def test_lists_and_searches_name_no_single_address(client, world):
    for address in ("/initiatives", "/initiatives?theme=youth", "/search?q=ksarzed"):
        assert "canonical" not in head_of(client, address), address


def test_a_shift_s_link_says_what_when_and_where(client, make, world, app, clock):
    clock.set(datetime(2027, 5, 1, 8, 0, tzinfo=UTC))
    programme = make.programme(name="Ksarzed garden crews", owner=world.org_a)
    shift = make.shift(of=programme, title="Saturday planting", place=make.locality("Ksarzed North Gate"),
                       starts_at=datetime(2027, 5, 8, 7, 0, tzinfo=UTC), hours=3)
    card = head_of(client, f"/shifts/{shift.id}")
    assert card["og:title"] == "Saturday planting · Ksarzed garden crews"
    assert "2027" in card["description"] and "Ksarzed North Gate" in card["description"]
    assert card["canonical"] == f"{app.config['BASE_URL']}/shifts/{shift.id}"


def test_the_home_page_says_what_the_planner_is_in_the_reader_s_language(client, app):
    english, french = head_of(client, "/"), head_of(client, "/", "fr")
    assert english["description"].startswith("One place for the civic life of a town")
    assert french["og:locale"] == "fr_FR" and french["description"] != english["description"]
    assert english["canonical"] == french["canonical"] == app.config["BASE_URL"] + "/"
