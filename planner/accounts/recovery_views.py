"""Pages behind e-mailed links: password reset, address verification and change of address.

A link opens a page; only its button (a POST) changes anything, so a mail scanner that
follows links uses none of them.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.accounts import recovery, throttle
from planner.accounts.forms import ConfirmForm, EmailChangeForm, EmailForm, NewPasswordForm
from planner.accounts.models import TokenPurpose
from planner.accounts.signin import begin_second_step, onwards, sign_in
from planner.accounts.tokens import LinkError, check
from planner.i18n import isolate
from planner.permissions import Permission, require
from planner.pipeline import run

bp = Blueprint("recovery", __name__)


@bp.route("/password-reset", methods=["GET", "POST"])
def request_reset():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = EmailForm()
    if form.validate_on_submit():
        if throttle.mail_requests_exhausted():
            return render_template("accounts/reset_request.html", form=form,
                                   refusal=throttle.too_many_mail_requests()), 429
        run(lambda: recovery.request_password_reset(form.email.data))
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through a reset link; then sign in (with the second step where it is on)."""
    problem = _link_problem(token, TokenPurpose.PASSWORD_RESET)
    if problem:
        return problem
    form, first = NewPasswordForm(), recovery.first_password(token)
    if form.validate_on_submit() and (done := run(lambda: recovery.reset_password(token, form.password.data), form)):
        user = done.value
        throttle.forgive_account(user.email)
        if user.has_two_factor:
            begin_second_step(user, url_for("accounts.profile"))
        else:
            run(lambda: sign_in(user))
        flash(_("Your password is set. Welcome!") if first else
              _("Your new password is set. Every other browser has been signed out."), "success")
        return redirect(url_for("accounts.login_code")) if user.has_two_factor else onwards(user, url_for("accounts.profile"))
    return render_template("accounts/reset_password.html", form=form, token=token, first=first)


@bp.route("/account/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """Confirm one's address (the button, not the link, does it)."""
    problem = _link_problem(token, TokenPurpose.EMAIL_VERIFICATION)
    if problem:
        return problem
    form = ConfirmForm()
    if form.validate_on_submit() and (done := run(lambda: recovery.verify_email(token), form)):
        user = done.value
        if not current_user.is_authenticated and not user.has_two_factor:
            run(lambda: sign_in(user))
        flash(_("Thank you: your e-mail address is confirmed."), "success")
        return redirect(url_for("accounts.profile") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/confirm_link.html", form=form, title=_("Confirm your e-mail address"),
                           button=_("Confirm my address"))


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    """Ask to move the account to a new address; a link sent there confirms it."""
    user = current_user._get_current_object()
    require(Permission.ACCOUNT_SELF, user)
    form = EmailChangeForm()
    if form.validate_on_submit() and run(lambda: recovery.request_email_change(user, form.password.data,
                                                                               form.email.data), form):
        flash(_("We have sent a link to %(email)s. Your address changes when you open it.",
                email=isolate(form.email.data)), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form, user=user)


@bp.route("/account/email/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """Confirm the new address (the button, not the link, does it)."""
    problem = _link_problem(token, TokenPurpose.EMAIL_CHANGE)
    if problem:
        return problem
    form = ConfirmForm()
    if form.validate_on_submit() and run(lambda: recovery.confirm_email_change(token), form):
        flash(_("Your e-mail address has been changed."), "success")
        return redirect(url_for("accounts.profile") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/confirm_link.html", form=form, title=_("Confirm your new e-mail address"),
                           button=_("Use this address"))


def _link_problem(token: str, purpose: TokenPurpose):
    """The page for a used, expired or unknown link (status 410 or 404), or None when the link works."""
    try:
        check(token, purpose)
    except LinkError as error:
        return render_template("accounts/link_problem.html", message=error.message), 404
    return None
