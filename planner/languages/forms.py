"""The languages form: built for one record, a field per written field and language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length

from planner.forms import PlannerForm

from planner.languages.services import KIND_LABELS, Part, parts_of, texts_of
from planner.records.forms import RecordForm, strip_text
from planner.translated import FIELD_LABELS, LANGUAGES, language_name, original_of
from planner.volunteering.models import Shift, ShiftSeries

SHORT_TEXT = 300  # a column at most this long gets a one-line box; longer ones a text area


class LanguagesForm(RecordForm):
    """The language the record was written in; the fields for each language are added per record."""

    original_language = SelectField(_l("Written in"))

    def shown_of(self, record) -> dict:
        """The original language and every box's text, by field name (read again: a save may have come between)."""
        texts = texts_of(parts_of(record))
        return {"original_language": original_of(record)} | {
            field_name(language, "", key): text for language, by_key in texts.items() for key, text in by_key.items()}


    def announcing(self) -> bool:
        """Whether the editor asked for the shift's volunteers to be told of new words (a shift's or series' form)."""
        return "announce" in self and bool(self.announce.data)


def field_name(language: str, prefix: str, field: str) -> str:
    return f"{language}__{prefix}{field}"


def languages_form(parts: list[Part], texts: dict[str, dict[str, str]]):
    """A form class for these parts, its boxes filled with the texts they have now."""

    class Form(LanguagesForm):
        pass

    for language in LANGUAGES:
        for part in parts:
            for field in part.record.TRANSLATED:
                setattr(Form, field_name(language, part.prefix, field), _box(part, field, language, texts))
    if isinstance(parts[0].record, (Shift, ShiftSeries)):  # what their volunteers read: they may be told
        Form.announce = BooleanField(_l("E-mail the volunteers signed up if what they should know has changed"))
    return Form


def _box(part: Part, field: str, language: str, texts: dict[str, dict[str, str]]):
    limit = getattr(type(part.record).__table__.c[field].type, "length", None)
    kind = StringField if limit and limit <= SHORT_TEXT else TextAreaField
    return kind(FIELD_LABELS.get(field, field), default=texts[language][part.prefix + field], filters=[strip_text],
                validators=[Length(max=limit or 5000)], render_kw={"lang": language, "dir": "auto"})


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(language, language_name(language)) for language in LANGUAGES]


class DigestForm(PlannerForm):
    """The queue page's switch for the weekly e-mail: `wanted` says which way it turns it."""

    wanted = HiddenField(validators=[AnyOf(("on", "off"))])


class NotYetForm(PlannerForm):
    """Which language, and which kind of record, the list of texts never given lists (read from the address)."""

    class Meta:
        csrf = False

    language = SelectField(_l("Not yet in"), choices=[])
    kind = SelectField(_l("Kind of record"), choices=[
        SelectChoice("", _l("Every kind")), *(SelectChoice(kind, label) for kind, label in KIND_LABELS.items())])
