"""Single-line text stays on one line: every form derives from the planner's base, and every one-line field of
every form refuses line breaks (a forged request can send them; a mail subject or a CSV row would break)."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from planner.forms import NUMBER_FIELDS, PlannerForm, PlannerSubform, is_single_line

BREAKS = ["two\nlines", "two\r\nlines", "carriage\rreturn", "line\u2028separator", "next\x85line", "nul\x00byte"]


def planner_forms() -> list[type[Form]]:
    """Every form class the planner defines (the app is imported, so every feature module is loaded)."""
    found, stack = [], list(Form.__subclasses__())
    while stack:
        form_class = stack.pop()
        stack.extend(form_class.__subclasses__())
        if form_class.__module__.startswith("planner.") and form_class.__module__ != "planner.forms":
            found.append(form_class)
    return sorted(set(found), key=lambda form_class: form_class.__qualname__)


def single_line_fields(form) -> list:
    return [field for field in form if is_single_line(type(field))]


def test_every_form_derives_from_the_planner_base(app):
    forms = planner_forms()
    assert len(forms) >= 20
    for form_class in forms:
        assert issubclass(form_class, (PlannerForm, PlannerSubform)), form_class


@pytest.mark.parametrize("text", BREAKS)
def test_every_single_line_field_of_every_form_refuses_a_line_break(app, text):
    checked = 0
    for form_class in planner_forms():
        with app.test_request_context("/", method="POST"):
            blank = form_class(formdata=None)
            names = [field.name for field in single_line_fields(blank)]
            form = form_class(formdata=MultiDict({name: text for name in names}))
            for name in names:
                form[name].validate(form)
                assert "Write this on one line, without line breaks." in [str(e) for e in form[name].errors], (
                    form_class.__qualname__, name)
                checked += 1
    assert checked >= 25


def test_text_areas_and_ordinary_text_are_left_alone(app):
    for form_class in planner_forms():
        with app.test_request_context("/", method="POST"):
            blank = form_class(formdata=None)
            areas = [field.name for field in blank if not is_single_line(type(field)) and field.type == "TextAreaField"]
            lines = [field.name for field in single_line_fields(blank)]
            form = form_class(formdata=MultiDict({**{n: "one\nparagraph\r\nand another" for n in areas},
                                                   **{n: "Beyoğlu\tcafé, عمّان" for n in lines}}))
            for name in areas + lines:
                form[name].validate(form)
                assert "Write this on one line, without line breaks." not in [str(e) for e in form[name].errors]


def test_every_number_field_of_every_form_takes_the_digits_people_type(app):
    """A number input drops Arabic-Indic digits in the browser: every whole or decimal number is a text input that
    brings up the digits keyboard, and reads ٠–٩ as digits."""
    checked = 0
    for form_class in planner_forms():
        with app.test_request_context("/", method="POST"):
            blank = form_class(formdata=None)
            names = [field.name for field in blank if isinstance(field, NUMBER_FIELDS)]
            form = form_class(formdata=MultiDict({name: "١٢" for name in names}))
            for name in names:
                rendered = str(form[name]())
                assert 'type="text"' in rendered and 'inputmode="' in rendered, (form_class.__qualname__, rendered)
                assert form[name].data == 12, (form_class.__qualname__, name, form[name].data)
                checked += 1
    assert checked >= 10
