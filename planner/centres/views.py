from flask import Blueprint

bp = Blueprint("centres", __name__, url_prefix="/centres")
