"""Certificates of verified hours: only verified hours count; anyone can check one; its owner can revoke it."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from planner.db import session
from planner.digits import digits_of
from planner.volunteering import certificate_fonts, certificate_pdf, certificates
from planner.volunteering.models import Certificate, SignupStatus
from planner.volunteering.services import VolunteeringError

VERIFIED = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def volunteered(make):
    """Rania's hours at one programme: 3 and 2.5 verified in 2026, 4 verified in 2025, 6 not yet verified."""
    organisation = make.organisation(name="Amman Food Network")
    programme = make.programme(name="Weekend food parcels", owner=organisation)
    volunteer = make.user(name="Rania Haddad")
    for start, hours, verified in ((datetime(2026, 3, 7, 7, tzinfo=UTC), "3", True),
                                   (datetime(2026, 4, 4, 7, tzinfo=UTC), "2.5", True),
                                   (datetime(2025, 11, 1, 7, tzinfo=UTC), "4", True),
                                   (datetime(2026, 5, 2, 7, tzinfo=UTC), "6", False)):
        shift = make.shift(of=programme, starts_at=start)
        make.signup(shift, volunteer=volunteer, status=SignupStatus.ATTENDED, hours=Decimal(hours),
                    hours_verified_at=VERIFIED if verified else None)
    return volunteer, programme


def _issue(app, db, volunteer, scope, name="Rania", language="en") -> Certificate:
    """Issue as a request would, committed (a savepoint), so the test client sees it."""
    db.commit()
    with app.test_request_context():
        certificate = certificates.issue(volunteer, scope, name, language)
        db.commit()
    return certificate


def test_a_certificate_counts_only_verified_hours_in_its_scope(ctx, volunteered):
    volunteer, programme = volunteered
    whole = certificates.issue(volunteer, certificates.Scope(programme.id), "Rania Haddad", "en")
    year = certificates.issue(volunteer, certificates.Scope(programme.id, 2026), "Rania Haddad", "en")
    assert (whole.hours, whole.shifts) == (Decimal("9.50"), 3)
    assert (year.hours, year.shifts) == (Decimal("5.50"), 2)
    assert whole.programme_name == "Weekend food parcels" and whole.organisation_name == "Amman Food Network"
    assert re.fullmatch(r"[A-Z2-9]{10}", whole.code) and whole.code != year.code


def test_no_certificate_without_verified_hours(ctx, make, volunteered):
    _volunteer, programme = volunteered
    with pytest.raises(VolunteeringError, match="no verified hours"):
        certificates.issue(make.user(), certificates.Scope(programme.id), "Someone", "en")
    assert session.scalars(select(Certificate)).first() is None


def test_the_public_page_shows_only_what_the_certificate_says_and_whether_it_is_valid(client, db, volunteered):
    volunteer, programme = volunteered
    certificate = _issue(client.application, db, volunteer, certificates.Scope(programme.id, 2026), "Rania H.")
    page = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "genuine and valid" in page
    for shown in ("Rania H.", "5.5", "Weekend food parcels", "Amman Food Network", "2026"):
        assert shown in page
    assert volunteer.email not in page and "Rania Haddad" not in page
    with client.application.test_request_context():
        certificates.revoke(db.get(type(volunteer), volunteer.id), db.get(Certificate, certificate.id))
        db.commit()
    assert "revoked and is no longer valid" in client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert client.get("/certificates/ZZZZZZZZZZ").status_code == 404


def test_a_typed_code_with_a_dash_or_in_lower_case_finds_the_certificate(client, db, volunteered):
    volunteer, programme = volunteered
    certificate = _issue(client.application, db, volunteer, certificates.Scope(programme.id))
    typed = f"{certificate.code[:5].lower()}-{certificate.code[5:]}"
    response = client.get("/certificates", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/certificates/{certificate.code}")
    unknown = client.get("/certificates", query_string={"code": "NOPE-NOPE"})
    assert unknown.status_code == 404 and "No certificate has this code" in unknown.get_data(as_text=True)
    db.execute(update(Certificate).where(Certificate.id == certificate.id).values(code="AB2CD3EF4G"))
    db.commit()
    arabic_keyboard = "ab٢cd-٣ef٤g"  # the digits as an Arabic keyboard types them
    assert client.get("/certificates", query_string={"code": arabic_keyboard}).headers["Location"].endswith(
        "/certificates/AB2CD3EF4G")


def test_only_its_owner_downloads_or_revokes_a_certificate(client, db, make, login, volunteered):
    volunteer, programme = volunteered
    code = _issue(client.application, db, volunteer, certificates.Scope(programme.id)).code
    login(make.user())
    assert client.get(f"/me/certificates/{code}.pdf").status_code == 404
    assert client.post(f"/me/certificates/{code}/revoke").status_code in (400, 404)
    login(volunteer)
    response = client.get(f"/me/certificates/{code}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def _ask_on_the_page(client, login, volunteered, year: str, name: str, language: str):
    """Sign in as the volunteer and ask for a certificate of the programme's hours through My certificates; returns
    the answer and the page's form token."""
    volunteer, programme = volunteered
    login(volunteer)
    page = client.get("/me/certificates").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client.post("/me/certificates", data={"csrf_token": token, "programme": str(programme.id), "year": year,
                                                 "name": name, "language": language}), token


def test_issuing_from_the_page_then_revoking(client, db, login, volunteered):
    response, token = _ask_on_the_page(client, login, volunteered, year="2025", name="Rania Haddad", language="fr")
    assert response.status_code == 302
    certificate = db.scalars(select(Certificate)).one()
    assert (certificate.hours, certificate.year, certificate.language) == (Decimal("4.00"), 2025, "fr")
    assert client.post(f"/me/certificates/{certificate.code}/revoke", data={"csrf_token": token}).status_code == 302
    db.expire_all()
    assert db.get(Certificate, certificate.id).revoked_at is not None


def _glyphs_in_order(pdf_bytes: bytes, pdf) -> list[str]:
    """The glyph names the PDF draws, in the order placed (left to right), read from its uncompressed content.

    fpdf2 writes each glyph as a two-byte id of the current font's subset, in a string where a backslash, a
    parenthesis or a carriage return is escaped; `/Fn size Tf` switches font.
    """
    by_index = {font.i: {cid: glyph.glyph_name for glyph, cid in font.subset._char_id_per_glyph.items()}  # noqa: SLF001
                for font in pdf.fonts.values()}
    names, current = [], None
    for switch, raw in re.findall(r"/F(\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", pdf_bytes.decode("latin-1"), re.S):
        if switch:
            current = by_index[int(switch)]
            continue
        data = re.sub(r"\\(.)", lambda m: "\r" if m[1] == "r" else m[1], raw, flags=re.S).encode("latin-1")
        names += [current[int.from_bytes(data[at:at + 2], "big")] for at in range(0, len(data), 2)]
    return names


def _rendered(certificate, monkeypatch) -> tuple[bytes, list[str]]:
    """The certificate's PDF, uncompressed, and the names of the glyphs it draws, in order."""
    drawn = {}
    original = certificate_pdf._page

    def keep(compress):
        drawn["pdf"] = original(compress)
        return drawn["pdf"]
    monkeypatch.setattr(certificate_pdf, "_page", keep)
    body = certificate_pdf.render(certificate, "https://planner.example/certificates/X", compress=False)
    return body, _glyphs_in_order(body, drawn["pdf"])


def test_an_arabic_certificate_is_shaped_and_laid_out_right_to_left(app, volunteered, monkeypatch):
    volunteer, programme = volunteered
    with app.test_request_context():
        certificate = certificates.issue(volunteer, certificates.Scope(programme.id), "رانيا", "ar")
        body, drawn_glyphs = _rendered(certificate, monkeypatch)
    assert body.startswith(b"%PDF")
    drawn_glyphs = " ".join(drawn_glyphs)
    # رانيا drawn from the left: final alef, medial yeh, initial noon, alef, reh (joined forms, right to left);
    # unshaped, it would be the isolated letters in typing order (uni0631 uni0627 uni0646 uni064A uni0627)
    assert "uniFE8E uniFEF4 uniFEE7 uni0627 uni0631" in drawn_glyphs
    assert "uni0631 uni0627 uni0646" not in drawn_glyphs


def test_the_pdf_is_the_same_document_whoever_downloads_it_in_the_languages_own_digits(app, volunteered, monkeypatch,
                                                                                     clock):
    clock.set(datetime(2026, 12, 1, 10, tzinfo=UTC))
    volunteer, programme = volunteered
    with app.test_request_context():
        certificate = certificates.issue(volunteer, certificates.Scope(programme.id, 2026), "Rania", "en")
        with digits_of(SimpleNamespace(digits="arab")):  # as for a reader who chose Arabic-Indic digits
            _body, drawn_glyphs = _rendered(certificate, monkeypatch)
    assert certificate.shifts == 2 and "two" in drawn_glyphs  # the two shifts, in the certificate language's digits
    assert not [glyph for glyph in drawn_glyphs if glyph.startswith("uni066")]  # no Arabic-Indic digit


def test_closing_an_account_revokes_its_certificates_and_forgets_the_name_they_printed(client, db, volunteered):
    volunteer, programme = volunteered
    certificate = _issue(client.application, db, volunteer, certificates.Scope(programme.id), "Rania Q. Haddad")
    with client.application.test_request_context():
        certificates.revoke_all_of(volunteer, datetime(2026, 12, 1, tzinfo=UTC) + timedelta(hours=1))
        db.commit()
    page = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "revoked and is no longer valid" in page and "Weekend food parcels" in page
    assert "Rania" not in page and "Name as printed" not in page


def test_a_name_the_certificate_cannot_print_is_refused_with_its_letters_named(client, db, login, volunteered):
    response, _token = _ask_on_the_page(client, login, volunteered, year="2026", name="Rania ᏣᎳᎩ", language="en")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "The certificate cannot print \u2068Ꮳ Ꮃ Ꭹ\u2069: its typeface has no such letters" in text  # named, isolated
    assert db.scalars(select(Certificate)).all() == []


@pytest.mark.parametrize("name", ["Rania Haddad", "رانيا حدّاد", "Ayşe Çelik", "Ṭāriq ibn Ziyād", "Ελένη", "Ольга",
                                  "שרה", "Zoë d’Arc", "Rania\u200fحداد", "ⵜⴰⵙⵍⵉⵜ", "Հայկ", "გიორგი",
                                  # the names of people who come to the region to work or for refuge, in their scripts
                                  "ሰላም ተስፋዬ", "ܐܫܘܪ ܒܪ ܡܠܟܐ", "राम बहादुर थापा", "সুমন আহমেদ", "කමල් පෙරේරා",
                                  "கமல் செல்வன்", "عبداللہ ڈار", "ڕێبوار ئەحمەد", "മുഹമ്മദ് ബഷീർ", "અહમદ પટેલ",
                                  "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "రవి కుమార్", "ರವಿ ಶಂಕರ್", "އަޙްމަދު", "ߡߊߡߊߘߎ ߞߊ߲ߕߍ", "𞤀𞤣𞤢𞤥𞤢",
                                  "𐴀𐴝𐴊𐴝", "สมชาย ใจดี", "ສົມພອນ", "សុខា ចាន់", "အောင်ဆန်း",
                                  "李明", "王秀英", "山田さくら", "サクラ Rania", "김민준", "이하늘"])
def test_names_in_the_region_s_scripts_print(name):
    assert certificate_fonts.unprintable(name) == []


def test_a_name_is_drawn_in_its_own_script_shaped_beside_latin_letters(app, volunteered, monkeypatch):
    volunteer, programme = volunteered
    with app.test_request_context():
        nepali = certificates.issue(volunteer, certificates.Scope(programme.id), "राम Thapa", "en")
        body, drawn_glyphs = _rendered(nepali, monkeypatch)
        latin = certificates.issue(volunteer, certificates.Scope(programme.id), "Ram Thapa", "en")
        latin_body, _glyphs = _rendered(latin, monkeypatch)
    assert "radeva aavowelsigndeva madeva space T h a p a" in " ".join(drawn_glyphs)  # Noto Sans Devanagari's glyphs
    embedded = set(re.findall(rb"/BaseFont /\w+\+([\w-]+)", body))
    assert embedded == {b"DejaVuSansBook", b"DejaVuSansBold", b"NotoSansDevanagariBold"}  # only the faces it uses
    assert b"Noto" not in latin_body


@pytest.mark.parametrize("name, face, drawn", [
    ("李明 Rania", b"DroidSansFallback", "uni674E uni660E space R a n i a"),  # 李 明, then Latin letters from DejaVu
    ("김민준 Rania", b"NanumSquareBold", "uniAE40 uniBBFC uniC900 space R a n i a"),
])
def test_a_chinese_or_korean_name_is_drawn_from_its_face_which_alone_is_embedded_beside_dejavu(
        app, volunteered, monkeypatch, name, face, drawn):
    volunteer, programme = volunteered
    with app.test_request_context():
        certificate = certificates.issue(volunteer, certificates.Scope(programme.id), name, "en")
        body, drawn_glyphs = _rendered(certificate, monkeypatch)
    embedded = set(re.findall(rb"/BaseFont /\w+\+([\w-]+)", body))
    assert embedded == {b"DejaVuSansBook", b"DejaVuSansBold", face}  # the Korean face holds 李 too, but is not asked
    assert drawn in " ".join(drawn_glyphs)
    assert len(body) < 200_000, "a large face is embedded with only the letters drawn"


def test_an_urdu_name_is_printed_in_one_arabic_face_so_its_letters_join(app, volunteered, monkeypatch):
    volunteer, programme = volunteered
    with app.test_request_context():
        urdu = certificates.issue(volunteer, certificates.Scope(programme.id), "عبداللہ", "ar")
        _body, drawn_glyphs = _rendered(urdu, monkeypatch)
    # drawn from the left: heh goal final (DejaVu lacks it), lam medial, lam initial, alef, dal final, beh medial,
    # ain initial: every letter in its joined form, from Noto Sans Arabic
    assert "uniFBA7 uniFEE0 uniFEDF uni0627 uniFEAA uniFE92 uniFECB" in " ".join(drawn_glyphs)


def test_hours_count_in_the_year_of_the_shift_s_own_calendar(client, db, clock, login, make):
    """A shift at 01:30 on New Year's morning in Amman began at 22:30 UTC the evening before: its hours are the new
    year's, on the certificate, in the years offered, and on the volunteer's page (in Amman it is already 2027)."""
    clock.set(datetime(2026, 12, 31, 22, 45, tzinfo=UTC))
    amman, montreal = make.locality(timezone="Asia/Amman"), make.locality(timezone="America/Montreal")
    volunteer = make.user(name="Rania Haddad", locality_id=amman.id)
    programme = make.programme(name="New Year's watch")
    for place, hours in ((amman, "2"), (montreal, "3")):  # the same instant: 1 January in Amman, 31 December there
        shift = make.shift(of=programme, place=place, starts_at=datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
        make.signup(shift, volunteer=volunteer, status=SignupStatus.ATTENDED, hours=Decimal(hours),
                    hours_verified_at=datetime(2026, 12, 31, 23, tzinfo=UTC))
    new_year = certificates.issue(volunteer, certificates.Scope(programme.id, 2027), "Rania", "en")
    old_year = certificates.issue(volunteer, certificates.Scope(programme.id, 2026), "Rania", "en")
    assert (new_year.hours, new_year.shifts) == (Decimal("2.00"), 1)
    assert (old_year.hours, old_year.shifts) == (Decimal("3.00"), 1)
    assert certificates.years_with_hours(volunteer.id) == [2027, 2026]
    db.commit()
    login(volunteer)
    assert "Verified hours this year: 2" in client.get("/me").get_data(as_text=True)
    assert "January 1, 2027" in client.get(f"/certificates/{new_year.code}").get_data(as_text=True)


def test_a_certificate_is_dated_on_the_volunteer_s_calendar_or_else_where_the_hours_were_given(ctx, clock, make):
    clock.set(datetime(2026, 12, 31, 22, 45, tzinfo=UTC))  # 1 January in Amman, 31 December in Montreal
    amman, montreal = make.locality(timezone="Asia/Amman"), make.locality(timezone="America/Montreal")
    programme = make.programme(name="Winter shelter")
    shift = make.shift(of=programme, place=montreal, starts_at=datetime(2026, 12, 20, 22, tzinfo=UTC))
    living_in_amman, giving_no_place = make.user(locality_id=amman.id), make.user()
    for volunteer in (living_in_amman, giving_no_place):
        make.signup(shift, volunteer=volunteer, status=SignupStatus.ATTENDED, hours=Decimal("3"),
                    hours_verified_at=datetime(2026, 12, 21, tzinfo=UTC))
    issued = [certificates.issue(volunteer, certificates.Scope(programme.id), "Sam", "en")
              for volunteer in (living_in_amman, giving_no_place)]
    assert [certificate.issued_on for certificate in issued] == [date(2027, 1, 1), date(2026, 12, 31)]
