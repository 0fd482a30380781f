"""Certificates of verified hours: the volunteer issues, downloads and revokes them; anyone checks one by its code."""
from __future__ import annotations

from babel import Locale
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from planner.accounts.forms import ConfirmForm
from planner.config import LOCALES
from planner.digits import numeral
from planner.permissions import Permission, require
from planner.pipeline import run
from planner.urls import absolute_url
from planner.volunteering import certificate_pdf, certificates
from planner.volunteering.forms import CertificateForm

bp = Blueprint("certificates", __name__)


@bp.route("/me/certificates", methods=["GET", "POST"])
@login_required
def my_certificates():
    """The volunteer's certificates of verified hours: issue one, download it, revoke it."""
    require(Permission.ACCOUNT_SELF)
    form = _certificate_form()
    if form.validate_on_submit():
        scope = certificates.Scope(int(form.programme.data) if form.programme.data else None,
                                   int(form.year.data) if form.year.data else None)
        user, name, language = current_user._get_current_object(), form.name.data, form.language.data
        if done := run(lambda: certificates.issue(user, scope, name, language), form):
            flash(_("Your certificate is ready: %(code)s.", code=certificates.shown_code(done.value.code)),
                  "success")
            return redirect(url_for(".my_certificates"))
    return render_template("volunteering/my_certificates.html", form=form,
                           issued=certificates.of_volunteer(current_user.id),
                           shown_code=certificates.shown_code), 400 if form.errors else 200


def _certificate_form() -> CertificateForm:
    form = CertificateForm()
    form.programme.choices = [("", _("All programmes"))] + [
        (str(key), name) for key, name in certificates.programmes_with_hours(current_user.id)]
    form.year.choices = [("", _("All years"))] + [
        (str(year), numeral(year)) for year in certificates.years_with_hours(current_user.id)]
    form.language.choices = [(code, Locale.parse(code).get_display_name(code)) for code in LOCALES]
    if request.method == "GET":
        form.name.data, form.language.data = current_user.name, str(get_locale() or "en")
    return form


def _own_certificate_or_404(code: str):
    certificate = certificates.by_code(code)
    if certificate is None:
        abort(404)
    require(Permission.CERTIFICATE_OWN, certificate, hide=True)
    return certificate


@bp.get("/me/certificates/<code>.pdf")
@login_required
def download_certificate(code: str):
    """The certificate as a PDF, in the language it was issued in."""
    certificate = _own_certificate_or_404(code)
    verify_url = absolute_url("volunteering.certificates.certificate", code=certificate.code)
    body = certificate_pdf.render(certificate, verify_url)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{certificate.code}.pdf"'})


@bp.post("/me/certificates/<code>/revoke")
@login_required
def revoke_certificate(code: str):
    """Withdraw a certificate; its public page then says it is no longer valid."""
    certificate = _own_certificate_or_404(code)
    if ConfirmForm().validate_on_submit() and run(lambda: certificates.revoke(current_user, certificate)):
        flash(_("The certificate is revoked. Anyone who checks it will see that it is no longer valid."),
              "success")
    return redirect(url_for(".my_certificates"))


@bp.get("/certificates/<code>")
def certificate(code: str):
    """The public check of a certificate: only what it says, and whether it is still valid."""
    found = certificates.by_code(code)
    if found is None:
        abort(404)
    return render_template("volunteering/certificate.html", certificate=found,
                           code=certificates.shown_code(found.code))


@bp.get("/certificates")
def find_certificate():
    """Type a certificate's code to check it."""
    typed = request.args.get("code", "")[:40]
    if typed:
        found = certificates.by_code(typed)
        if found is not None:
            return redirect(url_for(".certificate", code=found.code))
    return render_template("volunteering/find_certificate.html", typed=typed), 404 if typed else 200
