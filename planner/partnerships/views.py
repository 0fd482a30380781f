from flask import Blueprint

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")
