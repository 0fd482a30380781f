"""A programme's volunteer hours by year, as a page and as CSV, for whoever runs the programme."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from planner.db import session
from planner.pagination import paginate
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug
from planner.spreadsheets import csv_download, csv_lines
from planner.volunteering import hours_report
from planner.volunteering.forms import HoursYearForm
from planner.volunteering.models import Programme

bp = Blueprint("hours", __name__)
EXPORT_LIMIT = 20_000


@bp.get("/programmes/<key>/hours")
@login_required
def programme_hours(key: str):
    """The year's volunteers, shifts attended, verified hours and no-shows, with the programme's totals."""
    programme, form, year = _programme_and_year(key)
    if year is None:
        return render_template("volunteering/programme_hours.html", programme=programme, form=form, year=None)
    return render_template(
        "volunteering/programme_hours.html", programme=programme, form=form, year=year,
        totals=hours_report.totals(programme.id, year),
        page=paginate(hours_report.per_volunteer(programme.id, year), scalars=False,
                      query_args={"key": programme.slug, "year": year}))


@bp.get("/programmes/<key>/hours.csv")
@login_required
def programme_hours_csv(key: str):
    """The same year's rows as CSV, with the volunteers' addresses, for the coordinator's own reports."""
    programme, _form, year = _programme_and_year(key)
    rows = [] if year is None else (
        (volunteer.shown_name, "" if volunteer.is_deleted else volunteer.email, shifts, hours, no_shows)
        for volunteer, shifts, hours, no_shows in session.execute(
            hours_report.per_volunteer(programme.id, year).limit(EXPORT_LIMIT)))
    header = [_("Name"), _("Email"), _("Shifts attended"), _("Verified hours"), _("No-shows")]
    return csv_download(f"hours-{programme.slug}-{year or 'none'}.csv", csv_lines(header, rows), private=True)


def _programme_and_year(key: str) -> tuple[Programme, HoursYearForm, int | None]:
    """The programme (if the user runs it), the year form, and the year asked for if the programme has hours in
    it, else its latest year with any (None when it has none)."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.SHIFT_MANAGE, programme)
    years = hours_report.years_of(programme.id)
    form = HoursYearForm(request.args)
    form.year.choices = [(str(year), str(year)) for year in years]
    year = int(form.year.data) if form.year.data in {str(year) for year in years} else (years[0] if years else None)
    form.year.data = str(year) if year is not None else ""
    return programme, form, year
