"""Flask extensions shared by the features, created here and bound in create_app."""
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.session_protection = None  # sessions are revoked server-side instead
