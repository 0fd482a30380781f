"""Public directory pages. (Placeholder until the directory feature lands.)"""
from flask import Blueprint, render_template

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
