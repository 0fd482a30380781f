"""A season's shifts imported from a spreadsheet saved as CSV: every line checked as the new-shift form checks it,
and all of them added or none."""
from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from planner.places.models import Locality
from planner.volunteering.models import Shift, ShiftStatus

NOW = datetime(2027, 2, 1, 9, tzinfo=UTC)


@pytest.fixture
def bakery(make, db, clock, login):
    """A programme of a Jordanian organisation, and its coordinator signed in."""
    clock.set(NOW)
    organisation = make.organisation(name="Bread for All")
    programme = make.programme(name="Bakery volunteers", owner=organisation)
    centre = make.centre(name="Hashmi Community Centre")
    db.commit()
    login(make.coordinator(of=organisation))
    return programme, centre


def _send(client, programme, text: str | bytes, name: str = "shifts.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(f"/programmes/{programme.slug}/shifts/import",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _add(client, programme, text: str | bytes):
    """Choose the file, then add what its preview shows, as the preview's button does."""
    checked = _send(client, programme, text)
    assert checked.status_code == 200, checked.get_data(as_text=True)
    sealed = re.search(r'name="checked" value="([^"]+)"', checked.get_data(as_text=True))[1]
    return client.post(f"/programmes/{programme.slug}/shifts/import", data={"checked": sealed})


def _shifts(db, programme) -> list[Shift]:
    return db.scalars(select(Shift).where(Shift.programme_id == programme.id).order_by(Shift.starts_at)).all()


def test_a_spreadsheet_becomes_shifts_on_the_clock_of_their_place(client, db, bakery):
    programme, centre = bakery
    page = client.get(f"/programmes/{programme.slug}/shifts/import")
    assert page.status_code == 200 and "signup_cutoff_hours" in page.get_data(as_text=True)
    assert 'accept=".csv,text/csv"' in page.get_data(as_text=True)  # the file picker offers CSV files first
    arabic = client.get(f"/programmes/{programme.slug}/shifts/import", headers={"Accept-Language": "ar"})
    assert "بالشكل \u20682027-03-06 09:00\u2069" in arabic.get_data(as_text=True)  # isolated: read in its own order
    assert f"/programmes/{programme.slug}/shifts/import" in client.get(f"/programmes/{programme.slug}").get_data(
        as_text=True)
    # as a spreadsheet writes it where the comma is the decimal sign: a byte-order mark, semicolons, a heading in
    # its own order and case, the place in Arabic, a blank line, a cell with a semicolon quoted
    sheet = ("\ufeffTitle;Locality;Starts;Ends;Capacity;Place;Centre\r\n"
             "Morning bake;عمّان;2027-03-06 07:00;2027-03-06 10:30;6;\"Oven room; back door\";hashmi community centre\r\n"
             ";;;;;;\r\n"
             "خبز المساء;zarqa;2027-03-07 17:00;2027-03-07 19:00;4;;\r\n")
    answer = _add(client, programme, sheet)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/programmes/{programme.slug}")
    assert ("2 shifts are added, the first starting \u2068Mar 6, 2027 7:00\u202fAM (UTC+03)\u2069 and the last "
            "\u2068Mar 7, 2027 5:00\u202fPM (UTC+03)\u2069") in client.get(answer.headers["Location"]).get_data(
        as_text=True)
    morning, evening = _shifts(db, programme)
    assert (morning.title, morning.place, morning.capacity, morning.locality.slug, morning.centre_id) == (
        "Morning bake", "Oven room; back door", 6, "amman", centre.id)
    assert morning.starts_at == datetime(2027, 3, 6, 4, tzinfo=UTC)  # 07:00 in Amman is 04:00 UTC
    assert morning.ends_at == datetime(2027, 3, 6, 7, 30, tzinfo=UTC)
    assert (evening.title, evening.locality.slug, evening.signup_cutoff_at) == ("خبز المساء", "zarqa", None)


def test_a_chosen_file_is_shown_before_anything_is_added_and_checked_again_when_added(client, db, bakery, clock):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality,centre,place\n"
             "Evening bake,2027-03-07 17:00,2027-03-07 19:00,4,Zarqa,,\n"
             "Morning bake,2027-02-01 13:00,2027-02-01 14:30,1,Amman,Hashmi Community Centre,Oven room\n")
    checked = _send(client, programme, sheet)
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and _shifts(db, programme) == []
    assert "Check these 2 shifts before they are added" in page and "Nothing is added yet." in page
    assert page.index("Morning bake") < page.index("Evening bake")  # in the order they run
    assert ("Feb 1, 2027 1:00\u202fPM – 2:30\u202fPM (UTC+03) · \u2068Oven room\u2069, "
            "\u2068Hashmi Community Centre\u2069, \u2068Amman\u2069 · 1 place") in page
    assert "Add these 2 shifts" in page
    url = f"/programmes/{programme.slug}/shifts/import"
    altered = client.post(url, data={"checked": "not the file!"})
    assert altered.status_code == 400 and "could not be read back" in altered.get_data(as_text=True)
    sealed = re.search(r'name="checked" value="([^"]+)"', page)[1]
    clock.set(datetime(2027, 2, 1, 11, tzinfo=UTC))  # the bake began an hour ago when the button is pressed
    late = client.post(url, data={"checked": sealed})
    assert late.status_code == 400 and "Line 3, \u2068starts\u2069: A new shift must start in the future." in (
        late.get_data(as_text=True))
    assert _shifts(db, programme) == []


def test_the_template_to_fill_in_names_every_column_and_imports_as_it_is(client, db, bakery):
    programme, _centre = bakery
    page = client.get(f"/programmes/{programme.slug}/shifts/import").get_data(as_text=True)
    assert f"/programmes/{programme.slug}/shifts/import/template.csv" in page
    template = client.get(f"/programmes/{programme.slug}/shifts/import/template.csv",
                          headers={"Accept-Language": "fr"})
    assert template.status_code == 200 and template.headers["Content-Type"].startswith("text/csv")
    lines = template.get_data(as_text=True).splitlines()
    assert lines[0] == ("\ufefftitle,starts,ends,place,capacity,locality,centre,signup_cutoff_hours,party_limit,"
                        "instructions")
    assert lines[1].startswith("Colis alimentaires,2027-02-08 09:00,2027-02-08 12:00,Salle B,8,")  # a week on
    assert lines[2].startswith("Colis alimentaires,2027-02-15 09:00,")
    answer = _add(client, programme, template.get_data())
    assert answer.status_code == 302 and len(_shifts(db, programme)) == 2


def test_a_programme_s_shifts_download_in_the_import_s_columns_and_import_again_with_new_dates(client, db, make,
                                                                                                 bakery):
    programme, centre = bakery
    amman = db.scalar(select(Locality).where(Locality.slug == "amman"))
    bake = make.shift(of=programme, title="Bake, then pack", place=amman, capacity=6, hours=3,
                      starts_at=datetime(2027, 3, 6, 4, tzinfo=UTC), centre_id=centre.id, party_limit=2,
                      signup_cutoff_at=datetime(2027, 3, 5, 4, tzinfo=UTC))
    bake.place = "Oven room"  # the factory's place is the locality
    bake.instructions = "Wear an apron,\nand tie your hair back."
    bake.translations = {"ar": {"title": "الخَبز ثم التعبئة", "instructions": "ارتدوا مريلة."},
                         "fr": {"title": "Cuire, puis emballer"}}
    make.shift(of=programme, title="Deliveries", place=amman, capacity=3, hours=2,
               starts_at=datetime(2027, 3, 7, 14, tzinfo=UTC))
    make.shift(of=programme, title="Called off", place=amman, status=ShiftStatus.CANCELLED)
    db.commit()
    page = client.get(f"/programmes/{programme.slug}/shifts/import").get_data(as_text=True)
    assert f"/programmes/{programme.slug}/shifts.csv" in page
    sheet = client.get(f"/programmes/{programme.slug}/shifts.csv")
    assert sheet.headers["Cache-Control"] == "no-store"
    assert sheet.get_data(as_text=True).splitlines() == [
        "\ufefftitle,starts,ends,place,capacity,locality,centre,signup_cutoff_hours,party_limit,instructions,language,"
        "title_ar,instructions_ar,title_fr",  # only the languages' columns some shift has text in
        '"Bake, then pack",2027-03-06 07:00,2027-03-06 10:00,Oven room,6,Amman,Hashmi Community Centre,24,2,"Wear an '
        'apron,',
        'and tie your hair back.",en,الخَبز ثم التعبئة,ارتدوا مريلة.,"Cuire, puis emballer"',
        "Deliveries,2027-03-07 17:00,2027-03-07 19:00,,3,Amman,,,,,en,,,"]  # on Amman's clock; not the cancelled one
    answer = _add(client, programme, sheet.get_data().replace(b"2027-03-0", b"2027-04-0"))
    assert answer.status_code == 302
    copied = [shift for shift in _shifts(db, programme) if shift.starts_at.month == 4]
    assert [(shift.title, shift.starts_at, shift.signup_cutoff_at, shift.centre_id, shift.place, shift.party_limit,
             shift.capacity, shift.instructions) for shift in copied] == [
        ("Bake, then pack", datetime(2027, 4, 6, 4, tzinfo=UTC), datetime(2027, 4, 5, 4, tzinfo=UTC), centre.id,
         "Oven room", 2, 6, "Wear an apron,\nand tie your hair back."),
        ("Deliveries", datetime(2027, 4, 7, 14, tzinfo=UTC), None, None, "", 0, 3, "")]
    assert [(shift.original_language, shift.translations) for shift in copied] == [
        ("en", {"ar": {"title": "الخَبز ثم التعبئة", "instructions": "ارتدوا مريلة."},
                "fr": {"title": "Cuire, puis emballer"}}), ("en", {})]


def test_a_row_says_the_language_it_is_written_in_and_gives_the_others(client, db, bakery):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality,language,title_en,place_fr\n"
             "توزيع الخبز,2027-03-06 07:00,2027-03-06 10:00,6,Amman,AR,Bread round,Four\n"  # a code in capitals
             "Bread round,2027-03-07 07:00,2027-03-07 10:00,6,Amman,,,Four\n")

    answer = _add(client, programme, sheet)

    assert answer.status_code == 302
    assert [(shift.title, shift.original_language, shift.translations) for shift in _shifts(db, programme)] == [
        ("توزيع الخبز", "ar", {"en": {"title": "Bread round"}, "fr": {"place": "Four"}}),
        ("Bread round", "en", {"fr": {"place": "Four"}})]  # no language given: the page's


def test_a_wrong_language_or_text_is_named_beside_its_cell_and_nothing_is_added(client, db, bakery):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality,language,title_fr,title_en\n"
             "Bread round,2027-03-06 07:00,2027-03-06 10:00,6,Amman,english,,\n"
             f"Bread round,2027-03-07 07:00,2027-03-07 10:00,6,Amman,en,{'x' * 201},\n"
             "Bread round,2027-03-08 07:00,2027-03-08 10:00,6,Amman,en,,Bread run\n")

    answer = _send(client, programme, sheet)

    text = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400 and "Nothing was imported: 3 lines need correcting." in text
    assert "Line 2, \u2068language\u2069: Write the language as one of en, ar, fr, tr." in text
    assert "Line 3, \u2068title_fr\u2069: Use at most 200 characters." in text
    assert ("Line 4, \u2068title_en\u2069: This is the line's own language: its text goes in the \u2068title\u2069"
            in text)
    assert _shifts(db, programme) == []


def test_text_garbled_by_a_spreadsheet_s_encoding_is_named_beside_its_cell_and_nothing_is_added(client, db, bakery):
    """A UTF-8 file opened as Windows-1252 and saved again carries "Ã©" for "é" and "ÅŸ" for "ş"."""
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality,place,title_tr\n"
             "Bread round,2027-03-06 07:00,2027-03-06 10:00,6,Amman,CafÃ© corner,\n"
             "Bread round,2027-03-07 07:00,2027-03-07 10:00,6,Amman,,Ekmek daÄŸÄ±tÄ±mÄ±\n"
             "Bread round,2027-03-08 07:00,2027-03-08 10:00,6,Amman,Café corner,Ekmek dağıtımı\n")

    answer = _send(client, programme, sheet)

    text = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400 and "Nothing was imported: 2 lines need correcting." in text
    assert ("Line 2, \u2068place\u2069: This text looks garbled: “\u2068Ã©\u2069” should probably read “\u2068é\u2069”."
            in text)
    assert ("Line 3, \u2068title_tr\u2069: This text looks garbled: “\u2068ÄŸÄ±tÄ±mÄ±\u2069” should probably read "
            "“\u2068ğıtımı\u2069”." in text)
    assert "Line 4" not in text
    assert _shifts(db, programme) == []


def test_dates_written_day_first_are_read_as_the_region_writes_them(client, db, bakery):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality\n"
             "Slashes,06/03/2027 07:00,06/03/2027 9:30,4,Amman\n"  # 6 March, as French and Arabic sheets write it
             "Dots,13.3.2027 7:00,13.3.2027 09:00:00,4,Amman\n"  # as Turkish sheets write it, seconds and all
             "Arabic digits,٢٠/٠٣/٢٠٢٧ ٠٧:٠٠,٢٠/٠٣/٢٠٢٧ ٠٩:٠٠,4,Amman\n")
    answer = _add(client, programme, sheet)
    assert answer.status_code == 302
    added = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "3 shifts are added, the first starting \u2068Mar 6, 2027" in added
    assert [(shift.title, shift.starts_at, shift.ends_at) for shift in _shifts(db, programme)] == [
        ("Slashes", datetime(2027, 3, 6, 4, tzinfo=UTC), datetime(2027, 3, 6, 6, 30, tzinfo=UTC)),
        ("Dots", datetime(2027, 3, 13, 4, tzinfo=UTC), datetime(2027, 3, 13, 6, tzinfo=UTC)),
        ("Arabic digits", datetime(2027, 3, 20, 4, tzinfo=UTC), datetime(2027, 3, 20, 6, tzinfo=UTC))]


def test_dates_with_the_month_s_name_are_read_in_the_region_s_languages(client, db, bakery):
    programme, _centre = bakery
    page = client.get(f"/programmes/{programme.slug}/shifts/import", headers={"Accept-Language": "fr"})
    assert "avec le nom du mois comme \u20686 mars 2027 09:00\u2069" in page.get_data(as_text=True)
    sheet = ("title,starts,ends,capacity,locality\n"
             "English,6-Mar-27 07:00,6-Mar-27 09:00,4,Amman\n"  # as a cell formatted d-mmm-yy is saved
             "French,13 mars 2027 7:00,13 MARS 2027 9:00,4,Amman\n"
             "Turkish,20 Şubat 2027 07:00,20 Subat 2027 09:00,4,Amman\n"
             "Arabic,٢٧ آذار ٢٠٢٧ ٠٧:٠٠,27 مارس 2027 09:00,4,Amman\n"
             "Levant,3 كانون الثاني 2028 07:00,3 كانون الثاني 2028 09:00,4,Amman\n"
             "Month first,\"Apr 3, 2027 07:00\",\"April 3, 2027 09:00\",4,Amman\n")
    answer = _add(client, programme, sheet)
    assert answer.status_code == 302
    assert [(shift.title, shift.starts_at, shift.ends_at) for shift in _shifts(db, programme)] == [
        ("Turkish", datetime(2027, 2, 20, 4, tzinfo=UTC), datetime(2027, 2, 20, 6, tzinfo=UTC)),
        ("English", datetime(2027, 3, 6, 4, tzinfo=UTC), datetime(2027, 3, 6, 6, tzinfo=UTC)),
        ("French", datetime(2027, 3, 13, 4, tzinfo=UTC), datetime(2027, 3, 13, 6, tzinfo=UTC)),
        ("Arabic", datetime(2027, 3, 27, 4, tzinfo=UTC), datetime(2027, 3, 27, 6, tzinfo=UTC)),
        ("Month first", datetime(2027, 4, 3, 4, tzinfo=UTC), datetime(2027, 4, 3, 6, tzinfo=UTC)),
        ("Levant", datetime(2028, 1, 3, 4, tzinfo=UTC), datetime(2028, 1, 3, 6, tzinfo=UTC))]


def test_an_unknown_month_name_or_a_day_not_on_the_calendar_is_named_beside_its_cell(client, db, bakery):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality\nOdd,6 Smarch 2027 07:00,6 Mar 2027 09:00,4,Amman\n"
             "Not a day,31 Feb 2027 07:00,29/02/2027 25:00,4,Amman\n")
    text = _send(client, programme, sheet).get_data(as_text=True)
    assert "Line 2, \u2068starts\u2069: Write the time as" in text and "Line 2, \u2068ends\u2069" not in text
    assert "Line 3, \u2068starts\u2069: There is no such day or time as \u206831 Feb 2027 07:00\u2069." in text
    assert "Line 3, \u2068ends\u2069: There is no such day or time as \u206829/02/2027 25:00\u2069." in text
    assert "Not a valid datetime value" not in text
    assert _shifts(db, programme) == []


@pytest.mark.parametrize("month_first", ["3/13/2027 9:00", "3/6/2027 9:00 AM", "03/06/2027 9:00 p.m."])
def test_a_file_written_month_first_is_refused_whole_rather_than_read_as_other_days(client, db, bakery,
                                                                                      month_first):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality\n"
             "Read alike,3/6/2027 7:00,3/6/2027 8:00,4,Amman\n"  # 3 June day first, 6 March month first
             f"Tells,{month_first},3/20/2027 11:00,4,Amman\n")
    answer = _send(client, programme, sheet)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and _shifts(db, programme) == []
    assert (f"Line 3 gives \u2068{month_first}\u2069, the way a spreadsheet set to United States dates writes them "
            "(the month first).") in text


def test_a_file_with_bad_lines_adds_nothing_and_names_each_line_s_problem(client, db, bakery):
    programme, _centre = bakery
    sheet = ("title,starts,ends,capacity,locality,centre\n"
             "Good one,2027-03-06 07:00,2027-03-06 10:00,6,Amman,\n"
             "Bad time,Saturday 7:00,2027-03-06 10:00,6,Amman,\n"
             "Backwards,2027-03-06 10:00,2027-03-06 07:00,6,Amman,\n"
             "Nowhere,2027-03-06 07:00,2027-03-06 10:00,6,Atlantis,\n"
             "No places,2027-03-06 07:00,2027-03-06 10:00,0,Amman,\n"
             "Gone by,2027-01-06 07:00,2027-01-06 10:00,6,Amman,\n"
             "Odd centre,2027-03-06 07:00,2027-03-06 10:00,6,Amman,The Moon Hall\n"
             "Twice wrong,2027-03-06 07:00,2027-03-06 10:00,-1,Atlantis,\n")
    answer = _send(client, programme, sheet)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Nothing was imported: 7 lines need correcting." in text
    for line, column in ((3, "starts"), (4, "ends"), (5, "locality"), (6, "capacity"), (7, "starts"), (8, "centre"),
                         (9, "capacity"), (9, "locality")):
        assert f"Line {line}, \u2068{column}\u2069: " in text, (line, column)
    assert "Line 2" not in text and "\u2068Atlantis\u2069" in text and "A new shift must start in the future." in text
    assert "Line 3, \u2068starts\u2069: Write the time as \u20682027-03-06 09:00\u2069, or day first as" in text
    assert _shifts(db, programme) == []


@pytest.mark.parametrize("data, message", [
    ("title;starts;ends;capacity\nŞiş;2027-03-06 07:00;2027-03-06 09:00;3\n".encode("cp1254"),
     "The file is not saved as UTF-8 text"),
    (b"PK\x03\x04\x00\x00binary spreadsheet", "This is not a CSV file"),
    ("title,starts,ends\nA,2027-03-06 07:00,2027-03-06 09:00\n", "The heading line must name the columns capacity."),
    ("title,start,ends,capacity\n", "this import does not know: \u2068start\u2069"),
    ("title,starts,ends,capacity\n,,,\n", "The file has no shifts under its heading line."),
    ("", "The heading line must name the columns title, starts, ends, capacity."),
    ("title,starts,ends,capacity\n" + "A,2027-03-06 07:00,2027-03-06 09:00,3\n" * 501,
     "The file has more than 500 rows"),
    ("title,starts,ends,capacity\n" + "A" * 200_000 + ",2027-03-06 07:00,2027-03-06 09:00,3\n",
     "Line 2 cannot be read as CSV"),
    ("title,starts,ends,capacity,Title\n", "The heading line names \u2068title\u2069 more than once."),
])
def test_a_file_that_cannot_be_read_is_refused_beside_the_field_with_nothing_added(client, db, bakery, data, message):
    programme, _centre = bakery
    answer = _send(client, programme, data)
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert _shifts(db, programme) == []


def test_no_file_and_a_file_too_large_are_told_apart(client, db, bakery):
    programme, _centre = bakery
    none_chosen = client.post(f"/programmes/{programme.slug}/shifts/import", data={},
                              content_type="multipart/form-data")
    assert none_chosen.status_code == 400 and "Choose a CSV file to import." in none_chosen.get_data(as_text=True)
    large = _send(client, programme, "title,starts,ends,capacity\n" + "x" * (1024 * 1024))
    assert large.status_code == 400 and "larger than 1 MB" in large.get_data(as_text=True)
    huge = _send(client, programme, b"x" * (3 * 1024 * 1024))
    assert huge.status_code == 413 and "send a smaller file" in huge.get_data(as_text=True)


def test_only_those_who_run_the_programme_may_import(client, db, make, login, clock):
    clock.set(NOW)
    programme = make.programme(name="Someone else's")
    db.commit()
    login(make.user())
    assert client.get(f"/programmes/{programme.slug}/shifts/import").status_code == 403
    assert _send(client, programme, "title,starts,ends,capacity\nA,2027-03-06 07:00,2027-03-06 09:00,3\n"
                 ).status_code == 403
    assert db.scalar(select(func.count()).select_from(Shift).where(Shift.programme_id == programme.id)) == 0


def test_a_file_sent_twice_or_a_line_written_twice_adds_no_second_shift(client, db, bakery):
    programme, _centre = bakery
    sheet = "title,starts,ends,capacity,locality\nMorning bake,2027-03-06 07:00,2027-03-06 10:00,6,Amman\n"
    once = _add(client, programme, sheet)
    assert once.status_code == 302 and "The shift is added, starting \u2068Mar 6, 2027 7:00\u202fAM (UTC+03)\u2069" in (
        client.get(once.headers["Location"]).get_data(as_text=True))
    again = _send(client, programme, sheet + "Evening bake,2027-03-06 17:00,2027-03-06 19:00,4,Amman\n")
    assert again.status_code == 400
    assert "Line 2: The programme already has this shift: the same title, place and times." in again.get_data(
        as_text=True)
    twice = _send(client, programme, "title,starts,ends,capacity,locality\n"
                  + "Noon bake,2027-03-07 12:00,2027-03-07 13:00,6,Amman\n" * 2)
    assert twice.status_code == 400 and "Line 3: The programme already has this shift" in twice.get_data(as_text=True)
    assert [shift.title for shift in _shifts(db, programme)] == ["Morning bake"]


def test_an_archived_programme_takes_no_imported_shifts(client, db, bakery):
    programme, _centre = bakery
    client.post(f"/programmes/{programme.slug}/archive")
    answer = _send(client, programme, "title,starts,ends,capacity,locality\n"
                   + "Late bake,2027-03-06 07:00,2027-03-06 10:00,6,Amman\n" * 3)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "This programme is archived, so it takes no new shifts." in text
    assert "Line 2" not in text and _shifts(db, programme) == []  # said once, not for every line
