"""Public directory pages. (Placeholder until the directory feature lands.)"""
from flask import Blueprint, render_template

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import by_id_or_slug
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.permissions import Permission, require

bp = Blueprint("directory", __name__)


@bp.get("/")
def home():
    return render_template("directory/home.html")


@bp.get("/search")
def search():
    return render_template("directory/home.html")


def _placeholder():
    return render_template("directory/home.html")


for _name in ("councils", "centres", "organisations", "initiatives", "programmes", "partnerships"):
    bp.add_url_rule(f"/{_name}", _name, _placeholder)


# Placeholder detail pages (records feature), standing in for the directory's own until it lands:
# same endpoints and contract (key = id or slug, RECORD_VIEW, the feature's _actions partial).
def _placeholder_detail(model, folder: str):
    def detail(key: str):
        record = by_id_or_slug(model, key)
        require(Permission.RECORD_VIEW, record)
        return render_template("directory/placeholder_record.html", record=record, folder=folder)

    return detail


for _model, _folder, _endpoint in (
    (Council, "councils", "council"),
    (Centre, "centres", "centre"),
    (Organisation, "organisations", "organisation"),
    (Initiative, "initiatives", "initiative"),
    (Partnership, "partnerships", "partnership"),
):
    bp.add_url_rule(f"/{_folder}/<key>", _endpoint, _placeholder_detail(_model, _folder))
