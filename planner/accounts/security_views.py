"""One's own security and data: two-step verification, signed-in browsers, export, deletion."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from ua_parser import parse as parse_user_agent

from planner.accounts import safeguards, two_factor, your_data
from planner.accounts.forms import CodeForm, ConfirmForm, DeleteAccountForm, PasswordCheckForm
from planner.accounts.sessions import is_current, live_sessions
from planner.accounts.signin import dormant_roles, sign_out
from planner.permissions import Permission, require
from planner.pipeline import run

bp = Blueprint("security", __name__)


def _me():
    user = current_user._get_current_object()
    require(Permission.ACCOUNT_SELF, user)
    return user


@bp.get("/account/security")
@login_required
def overview():
    """Two-step verification and the browsers signed in to the account."""
    user = _me()
    token = getattr(user, "session_token", None)
    browsers = [(login, is_current(login, token), device_of(login.user_agent)) for login in live_sessions(user)]
    return render_template("accounts/security.html", user=user, browsers=browsers, form=ConfirmForm(),
                           codes_left=two_factor.recovery_codes_left(user), dormant=dormant_roles(user))


def device_of(user_agent: str) -> str:
    """"Firefox 128 on Android": the browser and system a session's User-Agent names (ua-parser)."""
    if not user_agent:
        return _("Unknown device")
    parsed = parse_user_agent(user_agent).with_defaults()
    browser = " ".join(part for part in (parsed.user_agent.family, parsed.user_agent.major or "") if part)
    return _("%(browser)s on %(system)s", browser=browser, system=parsed.os.family)


@bp.route("/account/security/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Set up two-step verification: scan the QR code, then type a code to prove it works."""
    user = _me()
    if user.has_two_factor:
        return render_template("accounts/two_factor_setup.html", already_on=True)
    form = CodeForm()
    if user.totp_secret and form.validate_on_submit() and (
            done := run(lambda: safeguards.finish_enrolment(user, form.code.data), form)):
        return render_template("accounts/recovery_codes.html", codes=done.value, first_time=True)
    return _enrolment_page(user, form), 400 if form.errors else 200


def _enrolment_page(user, form: CodeForm):
    uri = two_factor.setup_uri(user, user.totp_secret) if user.totp_secret else None
    qr = two_factor.qr_svg(uri, _("QR code for your authenticator app")) if uri else None
    return render_template("accounts/two_factor_setup.html", form=form, secret=user.totp_secret, qr=qr)


@bp.post("/account/security/two-factor/start")
@login_required
def two_factor_start():
    """Make a new secret for enrolment (a POST: it writes), then show it."""
    user = _me()
    if ConfirmForm().validate_on_submit():
        run(lambda: safeguards.start_enrolment(user))
    return redirect(url_for("security.two_factor_setup"))


@bp.route("/account/security/two-factor/off", methods=["GET", "POST"])
@login_required
def two_factor_off():
    """Turn two-step verification off, with the password and a code."""
    user = _me()
    form = PasswordCheckForm()
    if form.validate_on_submit() and run(lambda: safeguards.turn_off_two_factor(user, form.password.data,
                                                                                   form.code.data), form):
        flash(_("Two-step verification is off."), "success")
        return redirect(url_for("security.overview"))
    return render_template("accounts/two_factor_off.html", form=form, dormant_after=safeguards.holds_two_factor_role(user))


@bp.route("/account/security/recovery-codes", methods=["GET", "POST"])
@login_required
def recovery_codes():
    """New recovery codes (the old ones stop working), with the password and a code."""
    user = _me()
    if not user.has_two_factor:
        return render_template("accounts/recovery_codes_renew.html", form=None)
    form = PasswordCheckForm()
    if form.validate_on_submit() and (done := run(
            lambda: safeguards.renew_recovery_codes(user, form.password.data, form.code.data), form)):
        return render_template("accounts/recovery_codes.html", codes=done.value, first_time=False)
    return render_template("accounts/recovery_codes_renew.html", form=form)


@bp.post("/account/sessions/<token_hash>/end")
@login_required
def end_browser_session(token_hash: str):
    """Sign one of one's browsers out."""
    user = _me()
    if ConfirmForm().validate_on_submit() and run(lambda: safeguards.sign_out_browser(user, token_hash[:64])).value:
        flash(_("That browser has been signed out."), "success")
    return redirect(url_for("security.overview"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_browser_sessions():
    """Sign out every browser but this one."""
    user = _me()
    if ConfirmForm().validate_on_submit() and run(lambda: safeguards.sign_out_other_browsers(user)):
        flash(_("Every other browser has been signed out."), "success")
    return redirect(url_for("security.overview"))


@bp.route("/account/export", methods=["GET", "POST"])
@login_required
def export():
    """Download everything the planner holds about oneself as JSON (the download is a POST: it is audited)."""
    user = _me()
    form = ConfirmForm()
    if form.validate_on_submit() and (done := run(lambda: your_data.export(user), form)):
        body = json.dumps(done.value, ensure_ascii=False, indent=2)
        return Response(body, mimetype="application/json", headers={
            "Content-Disposition": "attachment; filename=my-planner-data.json", "Cache-Control": "no-store"})
    return render_template("accounts/export.html", form=form)


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Delete one's account, confirmed with the password (and a code where two-step verification is on)."""
    user = _me()
    form = DeleteAccountForm()
    if form.validate_on_submit() and run(lambda: _delete(user, form), form):
        flash(_("Your account has been deleted. A confirmation is on its way to your old address."), "success")
        return redirect(url_for("directory.home"))
    return render_template("accounts/delete.html", form=form, user=user), 400 if form.errors else 200


def _delete(user, form: DeleteAccountForm) -> None:
    your_data.delete_account(user, form.password.data, form.code.data or "")
    sign_out()
