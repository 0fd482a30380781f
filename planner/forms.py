"""The base of every form: Flask-WTF's CSRF protection, and single-line text that stays on one line.

A text input cannot hold a line break, but a forged request can send one; in a title that later
becomes a mail subject or a CSV cell it would break them. Every single-line text field of a
`PlannerForm` refuses line breaks and other control characters, whatever its own validators say;
every text area keeps its line breaks as plain line feeds.
Its fields also render as valid HTML where WTForms alone would not (see `SingleLineMeta.render_field`), and
WTForms' own messages ("Not a valid choice.") come in the visitor's language from a catalogue each process reads
once per language (Flask-WTF reads it from disk again for every request that shows one).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel.support import Translations
from flask import has_request_context
from flask_babel import get_locale, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.i18n import messages_path
from wtforms.widgets import CheckboxInput, ListWidget, TextInput
from wtforms.meta import DefaultMeta
from wtforms.validators import StopValidation, ValidationError

SINGLE_LINE_FIELDS = (StringField, EmailField, SearchField, TelField, URLField)
MULTI_LINE_OR_SECRET = (PasswordField,)  # TextAreaField is not a single-line field: see is_single_line
NUMBER_FIELDS = (IntegerField, DecimalField)
RANGE_ATTRIBUTES = ("min", "max", "step")  # a number input's; not allowed on a text input (the server checks them)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u0085\u2028\u2029]")  # a tab is tolerated


def is_single_line(field_class: type) -> bool:
    """Whether fields of this class are one-line text inputs (not text areas, not passwords)."""
    return issubclass(field_class, SINGLE_LINE_FIELDS) and not issubclass(
        field_class, (TextAreaField, *MULTI_LINE_OR_SECRET))


def one_line(_form, field) -> None:
    """Refuse line breaks and control characters in a single-line field."""
    if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_l("Write this on one line, without line breaks."))


def finite_number(_form, field) -> None:
    """Refuse what Python's Decimal reads as a number but is none ("NaN", "sNaN", "Infinity"): a range check
    cannot compare them, so this one stops the field's checks."""
    if isinstance(field.data, Decimal) and not field.data.is_finite():
        raise StopValidation(_l("Enter a number."))


def plain_line_breaks(value):
    """A text area's line breaks as line feeds alone: browsers send a carriage return before each (the HTML
    standard asks them to), which would otherwise be kept in the record, its CSV cells and its e-mails."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


@lru_cache(maxsize=32)
def _wtforms_catalogue(language: str) -> Translations:
    return Translations.load(messages_path(), [language], domain="wtforms")


class WTFormsMessages:
    """WTForms' own messages in the language of the request (English outside one), each catalogue read once."""

    @staticmethod
    def _catalogue() -> Translations:
        locale = get_locale() if has_request_context() else None
        return _wtforms_catalogue(str(locale or "en"))

    def gettext(self, string: str) -> str:
        return self._catalogue().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue().ungettext(singular, plural, n)


WTFORMS_MESSAGES = WTFormsMessages()


class SingleLineMeta:
    """Form meta that gives every single-line text field the one_line check first (and every decimal field the
    finite_number check), renders valid HTML, and words WTForms' own messages in the visitor's language."""

    def bind_field(self, form, unbound_field, options):
        first = _first_check(unbound_field.field_class)
        if first:
            own = unbound_field.kwargs.get("validators") or ()
            options = {**options, "validators": [first, *own]}
        elif issubclass(unbound_field.field_class, TextAreaField):
            own = unbound_field.kwargs.get("filters") or ()
            options = {**options, "filters": [plain_line_breaks, *own]}
        if issubclass(unbound_field.field_class, NUMBER_FIELDS):
            options = {**options, **_typed_as_text(unbound_field)}
        return super().bind_field(form, unbound_field, options)

    def render_field(self, field, render_kw):
        # HTML allows `required` on a one-line <select> only when its first option is an empty placeholder;
        # a list that starts with a real choice always has one chosen, and the server still checks it.
        if _starts_with_a_real_choice(field):
            render_kw = {**render_kw, "required": False}
        return super().render_field(field, render_kw)

    def get_translations(self, form):
        return WTFORMS_MESSAGES


def _first_check(field_class: type):
    """The check a field of this class gets before its own, if any."""
    if is_single_line(field_class):
        return one_line
    return finite_number if issubclass(field_class, DecimalField) else None


def _typed_as_text(unbound_field) -> dict:
    """A number field as a text input that brings up the digits keyboard: a number input drops the Arabic-Indic
    digits many Arabic keyboards type (the browser sends it empty), where Python reads them as any digits."""
    own = {key: value for key, value in (unbound_field.kwargs.get("render_kw") or {}).items()
           if key not in RANGE_ATTRIBUTES}
    whole = issubclass(unbound_field.field_class, IntegerField)
    return {"widget": TextInput(), "render_kw": {"inputmode": "numeric" if whole else "decimal", "spellcheck": "false",
                                                 **own}}


def _starts_with_a_real_choice(field) -> bool:
    if not isinstance(field, SelectField) or isinstance(field, SelectMultipleField) or not field.flags.required:
        return False
    first = next(iter(field.iter_choices()), None)
    return first is not None and str(first[0]) != ""


class PlannerForm(FlaskForm):
    """Every form of the planner derives from this one."""

    class Meta(SingleLineMeta, FlaskForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "csrf_token" in self._fields:  # a page may hold several forms, and ids must be unique on a page
            self.csrf_token.render_kw = {"id": False}


class PlannerSubform(Form):
    """A form repeated inside another (a row of line items): no CSRF token of its own, the same checks."""

    class Meta(SingleLineMeta, DefaultMeta):
        pass


class HoursField(DecimalField):
    """A number of hours with up to two places, as typed: the Arabic decimal separator is read as a point."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=2, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata([value.strip().replace("\u066b", ".") for value in valuelist])


class CheckboxListField(SelectMultipleField):
    """Several choices shown as a group of checkboxes (no Ctrl-click; a fieldset in the templates)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
