"""The translation catalogues are usable: every translation keeps its placeholders, and pages switch language."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from planner.config import LOCALES

CATALOGUES = Path(__file__).resolve().parents[2] / "planner" / "translations"
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


@pytest.mark.parametrize(("locale", "words"), [("ar", "المجالس المحلية"), ("fr", "Conseils"), ("tr", "Meclisler")])
def test_the_interface_speaks_the_chosen_language(client, locale, words):
    client.post("/language", data={"locale": locale})
    assert words in client.get("/").get_data(as_text=True)
