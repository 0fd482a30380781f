"""Volunteer hours by year, as pages and as CSV: a programme's for whoever runs it, every programme's of an
organisation or centre for its coordinators, and every programme's serving an initiative for those who run it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from planner.centres.models import Centre
from planner.db import session
from planner.digits import numeral
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.pagination import paginate
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug
from planner.spreadsheets import csv_download, csv_lines
from planner.volunteering import hours_report
from planner.volunteering.contributions import Scope
from planner.volunteering.forms import HoursYearForm
from planner.volunteering.links import programme_url
from planner.volunteering.models import Programme

bp = Blueprint("hours", __name__)
EXPORT_LIMIT = 20_000


@dataclass(frozen=True)
class Report:
    """Whose hours a page shows: the kind of record and the record, its page, and the scope of shifts."""

    kind: str  # programme, organisation, centre or initiative: its hours' endpoints are named after it
    record: Programme | Organisation | Centre | Initiative
    home: str
    scope: Scope
    name_field: str = "name"  # an initiative has a title

    @property
    def by_programme(self) -> bool:
        return self.kind != "programme"

    @property
    def page_endpoint(self) -> str:
        return f"volunteering.hours.{self.kind}_hours"

    @property
    def csv_endpoint(self) -> str:
        return f"volunteering.hours.{self.kind}_hours_csv"


def _programme_report(key: str) -> Report:
    """The programme's own volunteers, for whoever runs it."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    return Report("programme", programme, programme_url(programme), hours_report.programme_scope(programme.id))


def _owner_report(model, kind: str) -> Callable[[str], Report]:
    """Every programme an organisation or a centre owns, with each programme's figures, for its coordinators."""
    def report(key: str) -> Report:
        owner = by_id_or_slug(model, key)
        require(Permission.VOLUNTEER_HOURS_VIEW, owner)
        return Report(kind, owner, url_for(f"directory.{kind}", key=owner.slug), hours_report.owner_scope(owner))
    return report


def _initiative_report(key: str) -> Report:
    """Every programme that serves the initiative, whoever runs it, for those who run the initiative."""
    initiative = by_id_or_slug(Initiative, key)
    require(Permission.VOLUNTEER_HOURS_VIEW, initiative)
    return Report("initiative", initiative, url_for("directory.initiative", key=initiative.slug),
                  hours_report.initiative_scope(initiative.id), name_field="title")


REPORTS: dict[str, tuple[str, Callable[[str], Report]]] = {  # kind: the folder of its addresses, and its report
    "programme": ("programmes", _programme_report),
    "organisation": ("organisations", _owner_report(Organisation, "organisation")),
    "centre": ("centres", _owner_report(Centre, "centre")),
    "initiative": ("initiatives", _initiative_report),
}


def _add_routes(kind: str, folder: str, report: Callable[[str], Report]) -> None:
    """/<folder>/<key>/hours: the year's volunteers, shifts attended, verified hours and no-shows, with the totals;
    and /<folder>/<key>/hours.csv, the same rows with the volunteers' addresses."""
    def page(key: str):
        return _page(report(key))

    def as_csv(key: str):
        return _csv(report(key))

    bp.add_url_rule(f"/{folder}/<key>/hours", f"{kind}_hours", login_required(page), methods=["GET"])
    bp.add_url_rule(f"/{folder}/<key>/hours.csv", f"{kind}_hours_csv", login_required(as_csv), methods=["GET"])


for _kind, (_folder, _report) in REPORTS.items():
    _add_routes(_kind, _folder, _report)


def _page(report: Report):
    form, year = _year_form(report)
    figures = {}
    if year is not None:
        figures = {"totals": hours_report.totals(report.scope, year),
                   "programmes": hours_report.per_programme(report.scope, year) if report.by_programme else [],
                   "page": paginate(hours_report.per_volunteer(report.scope, year), scalars=False,
                                    query_args={"key": report.record.slug, "year": year})}
    return render_template("volunteering/hours.html", report=report, form=form, year=year, **figures)


def _csv(report: Report):
    """The year's rows as CSV, with the volunteers' addresses, for the coordinator's own reports."""
    _form, year = _year_form(report)
    rows = [] if year is None else (
        (volunteer.shown_name, "" if volunteer.is_deleted else volunteer.email, shifts, hours, no_shows)
        for volunteer, shifts, hours, no_shows in session.execute(
            hours_report.per_volunteer(report.scope, year).limit(EXPORT_LIMIT)))
    if year is not None and (figures := hours_report.totals(report.scope, year)).unnamed:
        rows = chain(rows, [(_("Helpers without an account (%(num)s)", num=figures.unnamed), "", "",
                             figures.unnamed_hours, "")])
    header = [_("Name"), _("Email"), _("Shifts attended"), _("Verified hours"), _("No-shows")]
    return csv_download(f"hours-{report.record.slug}-{year or 'none'}.csv", csv_lines(header, rows), private=True)


def _year_form(report: Report) -> tuple[HoursYearForm, int | None]:
    """The year form, and the year asked for if there are hours in it, else the latest year with any (None when
    there are none)."""
    years = hours_report.years_of(report.scope)
    form = HoursYearForm(request.args)
    form.year.choices = [(str(year), numeral(year)) for year in years]
    year = int(form.year.data) if form.year.data in {str(year) for year in years} else (years[0] if years else None)
    form.year.data = str(year) if year is not None else ""
    return form, year
