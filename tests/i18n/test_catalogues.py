"""The translation catalogues are usable: every translation keeps its placeholders, French keeps its typography, and
pages switch language."""
import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from planner.config import LOCALES

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "planner" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "en"])
def test_every_translation_keeps_the_placeholders_of_its_original(locale):
    with open(CATALOGUES / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale=locale)
    broken = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(_placeholders(text) for text in originals))
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        broken += [message.id for text in translations if text and _placeholders(text) - wanted]
    assert broken == []
    assert len([m for m in catalogue if m.id and m.string]) > 700


def test_arabic_says_one_and_two_in_words_not_beside_a_numeral():
    """Arabic says "one result" and "two results" with the noun itself (نتيجة واحدة, نتيجتان): a numeral beside a
    dual ("2 نتيجتان") reads as a mistake. So its forms for one and two (forms 1 and 2 of six) hold the count only
    in brackets, if at all."""
    with open(CATALOGUES / "ar" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale="ar")
    plural = [message for message in catalogue if isinstance(message.id, tuple) and message.string]
    bare_count = re.compile(r"(?<!\()%\(num\)s(?!\))")
    assert [message.id[0] for message in plural if any(bare_count.search(message.string[form]) for form in (1, 2))
            ] == []
    assert len(plural) > 20


def test_an_arabic_list_counts_two_with_the_dual(client, make, db):
    programme = make.programme()
    for _number in range(2):
        make.shift(of=programme)
    db.commit()
    page = client.get(f"/shifts?programme={programme.slug}&lang=ar").get_data(as_text=True)
    assert "عُثر على فترتين تطوعيتين" in page and "2 فترتين" not in page


@pytest.mark.parametrize(("locale", "words"), [("ar", "المجالس المحلية"), ("fr", "Conseils"), ("tr", "Meclisler")])
def test_the_interface_speaks_the_chosen_language(client, locale, words):
    client.post("/language", data={"locale": locale})
    assert words in client.get("/").get_data(as_text=True)


# French sets a high mark (: ; ? !) and the guillemets apart from their word with a space that never breaks, so that
# a narrow screen never starts a line with one, and elides with the typographic apostrophe (l’interface).
BREAKABLE_BEFORE_MARK = re.compile(r"[ \t\n](?=[:;?!»])|(?<=«)[ \t\n]")
STRAIGHT_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
FRENCH_VOCABULARIES = ("audiences", "services", "skills", "themes")  # the seeds' labels shown beside the interface


def _french_typography_faults(text: str) -> list[str]:
    return [f"{text!r}: {fault}" for pattern, fault in ((BREAKABLE_BEFORE_MARK, "a space that may break"),
                                                        (STRAIGHT_APOSTROPHE, "a straight apostrophe"))
            if pattern.search(text)]


def test_french_messages_keep_their_marks_with_their_words_and_elide_typographically():
    with open(CATALOGUES / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale="fr")
    texts = [text for message in catalogue if message.id and message.string
             for text in (message.string if isinstance(message.string, tuple) else (message.string,))]
    seeds = CATALOGUES.parents[1] / "seeds"
    labels = [names["fr"] for vocabulary in FRENCH_VOCABULARIES
              for entry in yaml.safe_load((seeds / f"{vocabulary}.yaml").read_text(encoding="utf-8"))
              if "fr" in (names := entry.get("names", {}))]
    assert len(texts) > 700 and len(labels) > 20
    assert [fault for text in texts + labels for fault in _french_typography_faults(text)] == []


def test_a_french_page_never_leaves_a_mark_to_start_a_line(client):
    client.post("/language", data={"locale": "fr"})
    faults = {}
    for address in ("/", "/initiatives", "/login", "/register", "/password-reset", "/search?q=eau"):
        page = client.get(address).get_data(as_text=True)
        assert "Rechercher" in page, address
        text = re.sub(r"<[^>]*>", "\n", re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S))
        if found := [line.strip() for line in text.splitlines() if BREAKABLE_BEFORE_MARK.search(line.strip())]:
            faults[address] = found
    assert faults == {}


def test_no_sentence_formats_its_own_whole_numbers():
    """planner.i18n hands a sentence its whole numbers as text in the reader's digits, so "%(n)d" would fail on them:
    every placeholder is "%(n)s", in the code, the templates and the catalogues."""
    root = CATALOGUES.parents[1]
    sources = [*root.glob("planner/**/*.py"), *root.glob("templates/**/*.html"), *CATALOGUES.glob("**/*.po"),
               CATALOGUES / "messages.pot"]
    assert len(sources) > 250
    assert [str(path) for path in sources if re.search(r"%\(\w+\)d", path.read_text(encoding="utf-8"))] == []


# Digits that must stay as they are: the names of the two digit systems and of a text encoding, and examples of
# what to type into a field.
DIGITS_AS_TYPED = ("0123456789", "٠١٢٣٤٥٦٧٨٩", "1500.00", "150000.00", "48, 3", "0 keeps sign-ups open",
                   "0: everyone signs up alone", "0 keeps them open", "0 turns these e-mails off", "UTF-8")


def test_numbers_in_sentences_are_values_so_that_they_follow_the_readers_digits():
    """A number written into a sentence ("within 7 days") would stay in Western digits for a reader who chose
    Arabic-Indic ones; as a value ("within %(days)s days") it is written in theirs."""
    with open(CATALOGUES / "messages.pot", "rb") as handle:
        catalogue = read_po(handle)
    written_in = []
    for message in catalogue:
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            bare = PLACEHOLDER.sub("", text or "")
            for typed in DIGITS_AS_TYPED:
                bare = bare.replace(typed, "")
            if re.search(r"\d", bare):
                written_in.append(text)
    assert written_in == []


# Every name the planner marks a message with, whatever the Makefile's extraction was told (a name it missed
# would leave that message out of every catalogue, shown in English to everyone).
MARKERS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
           "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2)}
SOURCES = [("planner/**.py", "python"), ("templates/**.html", "jinja2")]


def test_every_message_the_planner_can_show_is_translated_in_every_catalogue():
    """`make messages` has run since the last message was written, and each has its translation."""
    from babel.messages.extract import extract_from_dir

    said = {(message if isinstance(message, str) else message[0], context)
            for _file, _line, message, _notes, context in extract_from_dir(ROOT, SOURCES, keywords=MARKERS)}
    for locale in (code for code in LOCALES if code != "en"):
        with open(CATALOGUES / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
            catalogue = read_po(handle)
        untranslated = sorted(message for message, context in said
                              if not _translated(catalogue.get(message, context=context)))
        assert untranslated == [], f"{locale}: {untranslated[:5]}"


def _translated(entry) -> bool:
    if entry is None or "fuzzy" in entry.flags:
        return False
    return all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string)


def test_templates_leave_the_colon_after_a_label_to_the_reader_s_language():
    """A colon written into a template after what it prints is the English one everywhere: French wants a no-break
    space before it. Templates write colon() instead."""
    own_colon = re.compile(r"(\}\}|%\}):")
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "templates").rglob("*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if own_colon.search(line)]
    assert found == []


def test_a_french_page_puts_its_no_break_space_before_a_label_s_colon(client, login, make):
    organisation = make.organisation(name="Jardins Partagés", original_language="fr")
    login(make.coordinator(of=organisation, locale="fr"))
    page = client.get("/account/profile").get_data(as_text=True)
    assert "<li>Coordinateur\u00a0: <bdi>Jardins Partagés</bdi></li>" in page
