"""A certificate as a one-page PDF, in the language it was issued in.

fpdf2 lays the text out; with uharfbuzz it shapes Arabic (each letter in its joined form) and orders mixed right-to-left
and left-to-right text by the Unicode bidirectional algorithm. DejaVu Sans prints the certificate's four languages, and
Noto Sans faces the letters of names it lacks (planner.volunteering.certificate_fonts). The QR code and the printed
short code lead to the public verification page.
"""
from __future__ import annotations

import io

import segno
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale, gettext as _, ngettext
from fpdf import FPDF

from planner.digits import digits_of
from planner.i18n import colon, text_direction
from planner.volunteering.certificate_fonts import FAMILY, add_faces_for_name, add_fonts
from planner.volunteering.certificates import shown_code
from planner.volunteering.models import Certificate



def render(certificate: Certificate, verify_url: str, compress: bool = True) -> bytes:
    """The certificate's PDF, worded in its own language and written in that language's own digits: the same
    document whoever downloads it (not in the digits the one downloading it chose for the pages)."""
    language = certificate.language or "en"
    with force_locale(language), digits_of(None):
        pdf = _page(compress)
        rtl = text_direction(language) == "rtl"
        align = "R" if rtl else "L"
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
        _line(pdf, 22, _("Certificate of volunteer hours"), align, bold=True)
        pdf.ln(6)
        _line(pdf, 12, _("This certifies that"), align)
        name_face = add_faces_for_name(pdf, certificate.name_printed)
        _line(pdf, 20, certificate.name_printed, align, bold=True, family=name_face)
        _line(pdf, 12, what_was_given(certificate, language), align)
        pdf.ln(4)
        for label, value in _facts(certificate, language):
            _line(pdf, 11, f"{label}{colon()}{value}", align)
        pdf.ln(6)
        _qr(pdf, verify_url, rtl)
        _line(pdf, 10, _("To check this certificate, open %(url)s or scan the code.", url=verify_url), align)
        _line(pdf, 10, _("Certificate code: %(code)s", code=shown_code(certificate.code)), align)
        return bytes(pdf.output())


def what_was_given(certificate: Certificate, language: str) -> str:
    """The certificate's sentence of hours, in the language set: over how many shifts, and how many of the hours
    were given outside them."""
    hours = format_decimal(certificate.hours, format="#,##0.##", locale=language)
    logged = format_decimal(certificate.logged_hours, format="#,##0.##", locale=language)
    if not certificate.shifts:
        return _("gave %(hours)s verified hours of volunteering outside the shifts.", hours=hours)
    if certificate.logged_hours:
        return ngettext("gave %(hours)s verified hours of volunteering: over %(num)s shift, and %(logged)s hours "
                        "outside the shifts.", "gave %(hours)s verified hours of volunteering: over %(num)s shifts, "
                        "and %(logged)s hours outside the shifts.", certificate.shifts, hours=hours, logged=logged)
    return ngettext("gave %(hours)s verified hours of volunteering, over %(num)s shift.",
                    "gave %(hours)s verified hours of volunteering, over %(num)s shifts.", certificate.shifts,
                    hours=hours)


def _page(compress: bool) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(20, 20, 20)
    add_fonts(pdf)
    pdf.set_title("Certificate")
    pdf.add_page()
    return pdf


def _line(pdf: FPDF, size: int, text: str, align: str, bold: bool = False, family: str = FAMILY) -> None:
    pdf.set_font(family, "B" if bold else "", size)
    pdf.multi_cell(w=0, h=size * 0.6, text=text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _facts(certificate: Certificate, language: str) -> list[tuple[str, str]]:
    facts = []
    if certificate.programme_name:
        facts.append((_("Programme"), certificate.programme_name))
    if certificate.organisation_name:
        facts.append((_("Organisation"), certificate.organisation_name))
    if certificate.year:
        facts.append((_("Year"), str(certificate.year)))
    facts.append((_("Issued on"), format_date(certificate.issued_on, format="long", locale=language)))
    return facts


def _qr(pdf: FPDF, url: str, rtl: bool) -> None:
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=6, border=2)
    image.seek(0)
    size = 40
    x = pdf.w - pdf.r_margin - size if rtl else pdf.l_margin
    pdf.image(image, x=x, y=pdf.get_y(), w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 4)
