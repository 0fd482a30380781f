"""Detail pages: relations, provenance, stable addresses, 404s, and who may see a draft."""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from planner.initiatives.models import Initiative, InitiativeStatus

from planner.accounts.models import Role
from planner.clock import utcnow
from planner.volunteering.models import ShiftStatus


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u202f", " ")  # CLDR puts a narrow space before AM


def address(kind: str, record) -> str:
    return f"/{kind}/{record.slug}"


# list path, record, words the page must show (its relations), words it must not show (hidden relations)
PAGES = [
    ("councils", "council_a",
     ["Ksarzed Welcome House", "Ksarzed youth football", "Ksarzed and Florabad twinning", "Mandate", "MAD",
      "Provenance", "000_test.txt", "Local Governance"],
     ["Ksarzed Closed Hall", "Ksarzed secret draft", "Ksarzed ended pact"]),
    ("centres", "centre_a",
     ["Language classes", "Refugees", "Mon to Fri 9 to 17", "a@example.org", "Ksarzed Majlis",
      "Ksarzed youth football", "Ksarzed coaches"],
     ["Ksarzed secret draft"]),
    ("organisations", "org_a", ["Non-profit", "Ksarzed youth football", "Ksarzed coaches"],
     ["Ksarzed secret draft", "Ksarzed draft helpers", "Ksarzed ended pact"]),
    ("organisations", "org_b",
     ["Cooperative society", "Florabad carpet heritage", "Ksarzed youth football", "Florabad loom helpers",
      "Ksarzed and Florabad twinning", "Florabad weaving exchange"], []),
    ("initiatives", "initiative_a",
     ["Youth", "Ksarzed Majlis", "Ksarzed Welcome House", "Ksarzed Friends", "Florabad Weavers", "Refugees",
      "January 1, 2026", "Ksarzed coaches", "Ksarzed and Florabad twinning", "Provenance", "002_test.txt",
      "The Role of Community Engagement"], []),
    ("programmes", "programme_a",
     ["Ksarzed youth football", "Ksarzed Friends", "Ksarzed Welcome House", "Saturday training", "Places left"], []),
    ("partnerships", "partnership_a",
     ["Funding", "Ksarzed Majlis", "Florabad Weavers", "Ksarzed youth football"], []),
    ("partnerships", "partnership_b", ["Knowledge sharing", "Country: <bdi>Türkiye</bdi>", "Florabad Weavers"], []),
]


@pytest.mark.parametrize(("kind", "name", "shown", "hidden"), PAGES)
def test_a_detail_page_shows_its_relations(client, world, kind, name, shown, hidden):
    response = client.get(address(kind, getattr(world, name)))
    assert response.status_code == 200
    page = text(response)
    assert page.count("<h1") == 1
    for words in shown:
        assert words in page
    for words in hidden:
        assert words not in page


def test_related_records_link_to_their_own_pages(client, world):
    page = text(client.get(address("initiatives", world.initiative_a)))
    assert f'href="/councils/{world.council_a.slug}"' in page
    assert f'href="/centres/{world.centre_a.slug}"' in page
    assert f'href="/organisations/{world.org_b.slug}"' in page
    assert f'href="/programmes/{world.programme_a.slug}"' in page
    assert f'href="/partnerships/{world.partnership_a.slug}"' in page


@pytest.mark.parametrize("kind", ["councils", "centres", "organisations", "initiatives", "programmes", "partnerships"])
def test_a_numeric_id_redirects_to_the_slug_address(client, world, kind):
    record = {"councils": world.council_a, "centres": world.centre_a, "organisations": world.org_a,
              "initiatives": world.initiative_a, "programmes": world.programme_a,
              "partnerships": world.partnership_a}[kind]
    response = client.get(f"/{kind}/{record.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(address(kind, record))


UNKNOWN_KEYS = [
    "no-such-record", "999999999", "99999999999", "%27%3B%20DROP%20TABLE%20councils", "x" * 300,
    "%00", "a%00b",  # NUL: PostgreSQL refuses it in text
    "%F0%9F%98%80", "%C2%B2", "%D9%A1%D9%A2",  # an emoji; "²" and Arabic-Indic digits (digits, but not ids)
    "%D9%85%D8%B1%D8%A7%D9%83%D8%B4", "0", "1234567890123456",
]


@pytest.mark.parametrize("key", UNKNOWN_KEYS)
@pytest.mark.parametrize("kind", ["councils", "centres", "organisations", "initiatives", "programmes", "partnerships"])
def test_an_unknown_key_is_a_friendly_404(client, world, kind, key):
    response = client.get(f"/{kind}/{key}")
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert "Traceback" not in text(response)


# a hidden record, and who may see it (None: nobody but an admin)
HIDDEN = [
    ("initiatives", "draft", "coordinator"),
    ("programmes", "programme_of_draft", "coordinator"),
    ("councils", "council_hidden", None),
    ("centres", "centre_hidden", None),
    ("organisations", "org_hidden", None),
    ("partnerships", "partnership_hidden", None),
]


@pytest.mark.parametrize(("kind", "name", "_who"), HIDDEN)
def test_hidden_records_are_a_404_for_the_public(client, world, kind, name, _who):
    response = client.get(address(kind, getattr(world, name)))
    assert response.status_code == 404


@pytest.mark.parametrize(("kind", "name", "_who"), HIDDEN)
def test_hidden_records_are_a_404_for_a_signed_in_stranger(client, world, make, login, kind, name, _who):
    login(make.user())
    assert client.get(address(kind, getattr(world, name))).status_code == 404


def test_a_draft_is_visible_to_its_coordinator_and_once_submitted_to_its_council(client, world, make, login, db):
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=world.org_a)
    login(coordinator)
    page = text(client.get(address("initiatives", world.draft)))
    assert "Ksarzed secret draft" in page
    assert "Status: Draft" in page
    assert client.get(address("programmes", world.programme_of_draft)).status_code == 200

    member = make.user()
    make.grant(member, Role.COUNCIL_MEMBER, council=world.council_a)
    login(member)
    assert client.get(address("initiatives", world.draft)).status_code == 404
    db.get(Initiative, world.draft.id).status = InitiativeStatus.SUBMITTED
    assert client.get(address("initiatives", world.draft)).status_code == 200


def test_an_admin_sees_an_archived_council(client, world, make, login):
    admin = make.user()
    make.grant(admin, Role.ADMIN)
    login(admin)
    assert client.get(address("councils", world.council_hidden)).status_code == 200


def test_a_numeric_id_of_a_draft_does_not_reveal_its_slug(client, world):
    response = client.get(f"/initiatives/{world.draft.id}")
    assert response.status_code == 404
    assert world.draft.slug not in text(response)


def test_shift_times_are_shown_in_the_shift_places_own_time_zone(client, world, make, db):
    amman = make.locality("Amman test quarter", "JO", "Asia/Amman")  # UTC+3 all year
    start = (utcnow() + timedelta(days=20)).replace(hour=7, minute=0, second=0, microsecond=0)
    make.shift(of=world.programme_a, starts_at=start, hours=2, place=amman, title="Morning in Amman")
    db.commit()
    page = text(client.get(address("programmes", world.programme_a)))
    row = page[page.index("Morning in Amman"):]
    row = row[:row.index("</tr>")]
    assert "10:00 AM" in row and "12:00 PM" in row  # 07:00–09:00 UTC
    assert start.isoformat() in row  # the machine-readable instant stays exact


def test_a_programme_lists_only_upcoming_scheduled_shifts_with_places_left(client, world, make, db):
    make.shift(of=world.programme_a, starts_at=utcnow() - timedelta(days=3), title="Last week's session")
    make.shift(of=world.programme_a, title="Called off session", status=ShiftStatus.CANCELLED)
    make.shift(of=world.programme_a, capacity=2, confirmed_count=2, title="Packed session")
    db.commit()
    page = text(client.get(address("programmes", world.programme_a)))
    assert "Last week's session" not in page
    assert "Called off session" not in page
    packed = page[page.index("Packed session"):]
    assert "Full" in packed[:packed.index("</tr>")]
    training = page[page.index("Saturday training"):]
    assert re.search(r'<td class="num"[^>]*>\s*3\s*<span class="meta">of 5</span>', training[:training.index("</tr>")])


def test_an_archived_party_is_named_but_not_linked(client, world, make, db):
    partnership = make.partnership("Pact with an old council", parties=(world.council_hidden, world.org_a))
    db.commit()
    page = text(client.get(address("partnerships", partnership)))
    assert "Ksarzed Old Majlis" in page
    assert f'href="/councils/{world.council_hidden.slug}"' not in page


HOOKS = {
    "councils/_actions.html": "hook council-actions {{ record.slug }}",
    "budgets/_council_panel.html": "hook council-budget {{ record.slug }}",
    "centres/_actions.html": "hook centre-actions {{ record.slug }}",
    "organisations/_actions.html": "hook organisation-actions {{ record.slug }}",
    "initiatives/_actions.html": "hook initiative-actions {{ record.slug }}",
    "budgets/_initiative_panel.html": "hook initiative-budget {{ record.slug }}",
    "volunteering/_programme_actions.html": "hook programme-actions {{ record.slug }}",
    "volunteering/_shift_actions.html": "hook shift-actions {{ shift.title }}",
    "partnerships/_actions.html": "hook partnership-actions {{ record.slug }}",
}


@pytest.fixture
def hook_templates(app):
    """Stand-ins for the templates other features add, so the includes can be seen working."""
    from jinja2 import ChoiceLoader, DictLoader

    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(HOOKS), original])
    app.jinja_env.cache.clear()
    yield
    app.jinja_env.loader = original
    app.jinja_env.cache.clear()


@pytest.mark.parametrize(("kind", "name", "expected"), [
    ("councils", "council_a", ["council-actions", "council-budget"]),
    ("centres", "centre_a", ["centre-actions"]),
    ("organisations", "org_a", ["organisation-actions"]),
    ("initiatives", "initiative_a", ["initiative-actions", "initiative-budget"]),
    ("programmes", "programme_a", ["programme-actions"]),
    ("partnerships", "partnership_a", ["partnership-actions"]),
])
def test_other_features_hook_into_the_detail_pages(client, world, hook_templates, kind, name, expected):
    record = getattr(world, name)
    page = text(client.get(address(kind, record)))
    for hook in expected:
        assert f"hook {hook} {record.slug}" in page


def test_each_shift_row_offers_its_own_actions(client, world, hook_templates):
    page = text(client.get(address("programmes", world.programme_a)))
    assert "hook shift-actions Saturday training" in page


def test_a_centre_s_telephone_dials_whatever_digits_it_was_typed_in(client, make, db):
    """A number typed on an Arabic keyboard reads as typed, and its link dials it: tel: takes Western digits."""
    centre = make.centre(name="Hashmi hall", contact_phone="+962 ٧٩ ١٢٣-٤٥٦٧")
    db.commit()
    page = client.get(f"/centres/{centre.slug}").get_data(as_text=True)
    assert '<a href="tel:+962791234567" dir="ltr">+962 ٧٩ ١٢٣-٤٥٦٧</a>' in page
