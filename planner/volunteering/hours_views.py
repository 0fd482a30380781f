"""Volunteer hours by year, as pages and as CSV: a programme's for whoever runs it, every programme's of an
organisation or centre for its coordinators, and every programme's serving an initiative for those who run it."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import ColumnElement

from planner.centres.models import Centre
from planner.db import session
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.pagination import paginate
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug
from planner.spreadsheets import csv_download, csv_lines
from planner.volunteering import hours_report
from planner.volunteering.forms import HoursYearForm
from planner.volunteering.links import programme_url
from planner.volunteering.models import Programme

bp = Blueprint("hours", __name__)
EXPORT_LIMIT = 20_000


@dataclass(frozen=True)
class Report:
    """Whose hours a page shows: the record, its page, the scope of shifts, and the endpoints of its hours."""

    record: Programme | Organisation | Centre | Initiative
    home: str
    scope: ColumnElement[bool]
    page_endpoint: str
    csv_endpoint: str
    by_programme: bool
    name_field: str = "name"  # an initiative has a title


@bp.get("/programmes/<key>/hours")
@login_required
def programme_hours(key: str):
    """The year's volunteers, shifts attended, verified hours and no-shows, with the programme's totals."""
    return _page(_programme_report(key))


@bp.get("/programmes/<key>/hours.csv")
@login_required
def programme_hours_csv(key: str):
    return _csv(_programme_report(key))


@bp.get("/organisations/<key>/hours")
@login_required
def organisation_hours(key: str):
    """The same for every programme the organisation owns, with each programme's figures."""
    return _page(_owner_report(Organisation, key, "organisation"))


@bp.get("/organisations/<key>/hours.csv")
@login_required
def organisation_hours_csv(key: str):
    return _csv(_owner_report(Organisation, key, "organisation"))


@bp.get("/centres/<key>/hours")
@login_required
def centre_hours(key: str):
    """The same for every programme the centre owns."""
    return _page(_owner_report(Centre, key, "centre"))


@bp.get("/centres/<key>/hours.csv")
@login_required
def centre_hours_csv(key: str):
    return _csv(_owner_report(Centre, key, "centre"))


@bp.get("/initiatives/<key>/hours")
@login_required
def initiative_hours(key: str):
    """The same for every programme that serves the initiative, whoever runs it."""
    return _page(_initiative_report(key))


@bp.get("/initiatives/<key>/hours.csv")
@login_required
def initiative_hours_csv(key: str):
    return _csv(_initiative_report(key))


def _programme_report(key: str) -> Report:
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    return Report(programme, programme_url(programme), hours_report.programme_scope(programme.id),
                  "volunteering.hours.programme_hours", "volunteering.hours.programme_hours_csv", by_programme=False)


def _owner_report(model, key: str, kind: str) -> Report:
    owner = by_id_or_slug(model, key)
    require(Permission.VOLUNTEER_HOURS_VIEW, owner)
    return Report(owner, url_for(f"directory.{kind}", key=owner.slug), hours_report.owner_scope(owner),
                  f"volunteering.hours.{kind}_hours", f"volunteering.hours.{kind}_hours_csv", by_programme=True)


def _initiative_report(key: str) -> Report:
    initiative = by_id_or_slug(Initiative, key)
    require(Permission.VOLUNTEER_HOURS_VIEW, initiative)
    return Report(initiative, url_for("directory.initiative", key=initiative.slug),
                  hours_report.initiative_scope(initiative.id), "volunteering.hours.initiative_hours",
                  "volunteering.hours.initiative_hours_csv", by_programme=True, name_field="title")


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
    header = [_("Name"), _("Email"), _("Shifts attended"), _("Verified hours"), _("No-shows")]
    return csv_download(f"hours-{report.record.slug}-{year or 'none'}.csv", csv_lines(header, rows), private=True)


def _year_form(report: Report) -> tuple[HoursYearForm, int | None]:
    """The year form, and the year asked for if there are hours in it, else the latest year with any (None when
    there are none)."""
    years = hours_report.years_of(report.scope)
    form = HoursYearForm(request.args)
    form.year.choices = [(str(year), str(year)) for year in years]
    year = int(form.year.data) if form.year.data in {str(year) for year in years} else (years[0] if years else None)
    form.year.data = str(year) if year is not None else ""
    return form, year
