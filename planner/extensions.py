"""Flask extensions shared by the features, created here and bound in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.session_protection = None  # sessions are revoked server-side instead
# No default limits: features opt in per view. Storage comes from RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address, strategy="moving-window")
