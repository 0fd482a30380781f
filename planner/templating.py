"""What templates may use besides their page's own values, wired in one place, as create_app wires blueprints.

Each feature keeps its helpers (money, shift times, labels, panels) in its own folder; this module
hands them to Jinja explicitly, so no name reaches the templates as the side effect of an import,
and a reader finds every template helper here.
"""
from __future__ import annotations

from flask import Flask
from flask_login import current_user
from jinja2 import Environment, pass_context

from planner import panels
from planner.digits import numbers_in_chosen_digits


def init_app(app: Flask) -> None:
    """Register the filters, the globals, the per-request names and the cross-feature panels."""
    from planner.i18n import locale_context

    _filters(app)
    _globals(app)
    _translations_in_chosen_digits(app.jinja_env)
    _panels(app)
    app.context_processor(locale_context)


def _filters(app: Flask) -> None:
    from flask_babel import format_datetime, format_percent, format_time

    from planner.budgets.money import format_money
    from planner.clock import to_local
    from planner.digits import dialled, format_count, in_chosen_digits_from, numeral
    from planner.hijri import date_with_hijri
    from planner.i18n import isolate, listed
    from planner.phones import shown_phone
    from planner.translated import language_name, shown_html, shown_text
    from planner.volunteering.timezones import format_local, shift_hours, shift_when

    app.jinja_env.filters.update(dateformat=date_with_hijri, money=format_money, shift_when=shift_when, dialled=dialled,
                                 shift_hours=shift_hours, phone=shown_phone,
                                 local_time=format_local, in_zone=to_local, language_name=language_name,
                                 isolate=isolate, listed=listed, shown=shown_html, shown_text=shown_text,
                                 numberformat=format_count, decimalformat=format_count, numeral=numeral,
                                 datetimeformat=in_chosen_digits_from(format_datetime),
                                 timeformat=in_chosen_digits_from(format_time),
                                 percentformat=in_chosen_digits_from(format_percent))


def _globals(app: Flask) -> None:
    from planner.accounts.forms import ROLE_LABELS
    from planner.budgets.labels import TEMPLATE_HELPERS as BUDGET_LABELS
    from planner.digits import numbering_system
    from planner.directory.filters import FILTER_LABELS, SORT_LABELS
    from planner.directory.kinds import KINDS, ORGANISATION_KIND_LABELS, PARTNERSHIP_KIND_LABELS
    from planner.frame import frame
    from planner.i18n import address_language_field, colon, comma
    from planner.initiatives import services as initiatives
    from planner.languages.views import languages_url
    from planner.permissions import Permission, can, is_public
    from planner.translated import original_note, other_texts, outdated_note, outdated_text, written
    from planner.volunteering.labels import logged_status_label, signup_status_label
    from planner.volunteering.links import programme_url

    app.jinja_env.globals.update(
        frame=frame, colon=colon, comma=comma, address_language_field=address_language_field, can=can,
        Permission=Permission, is_public=is_public, role_labels=ROLE_LABELS, numbering_system=numbering_system,
        kinds=KINDS, organisation_kinds=ORGANISATION_KIND_LABELS, partnership_kinds=PARTNERSHIP_KIND_LABELS,
        filter_labels=FILTER_LABELS, sort_labels=SORT_LABELS, programme_url=programme_url,
        initiative_status_label=initiatives.status_label, signup_status_label=signup_status_label,
        logged_status_label=logged_status_label,
        original_note_text=original_note,
        other_texts=other_texts, languages_url=languages_url, written=written, outdated_text=outdated_text,
        outdated_note=outdated_note,
        may_translate=lambda record: can(current_user, Permission.RECORD_TRANSLATE, record),
        initiative_actions=lambda record: initiatives.available_actions(current_user, record),
        **BUDGET_LABELS,
    )


# Where the number a plural form is chosen by stands among each translation function's arguments (None: no count).
_COUNT_ARGUMENT = {"gettext": None, "pgettext": None, "ngettext": 2, "npgettext": 3}


def _translations_in_chosen_digits(environment: Environment) -> None:
    """Templates' translations set their whole numbers in the reader's digits, as planner.i18n's do: Jinja fills
    in the sentences Flask-Babel translates for it, so each translation function it was given is wrapped once."""
    for name, count_at in _COUNT_ARGUMENT.items():
        environment.globals[name] = _in_chosen_digits(environment.globals[name], count_at)


def _in_chosen_digits(translate, count_at: int | None):
    @pass_context
    def translated(context, *arguments, **variables):
        if count_at is not None:
            variables.setdefault("num", arguments[count_at])
        return translate(context, *arguments, **numbers_in_chosen_digits(variables, "num" if count_at else None))

    return translated


def _panels(app: Flask) -> None:
    from planner.budgets.panels import council_panel, initiative_panel
    from planner.volunteering.panels import follow_panel, requirements_panel

    panels.register(app, "council", "budgets/_council_panel.html", council_panel)
    panels.register(app, "initiative", "budgets/_initiative_panel.html", initiative_panel)
    panels.register(app, "programme", "volunteering/_follow_panel.html", follow_panel)
    panels.register(app, "programme", "volunteering/_requirements_panel.html", requirements_panel)
