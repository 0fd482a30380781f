"""Every route in the URL map, asked by every role: the answer must be the one this table expects.

A GET must also write nothing to the database, whoever asks (`writes_to`).

A route that is not in the table fails `test_every_route_is_in_the_matrix`, so a new page cannot
ship without someone deciding who may open it. Outcomes are what a user notices:
OK (the page or the action works, or the form answers with its own validation message),
LOGIN (sent to the login page), DENIED (403, or 404 where a record's existence is private).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from planner.accounts import tokens
from planner.volunteering import following, reminders
from planner.accounts.models import CouncilInvitation, Role, RoleGrant, TokenPurpose
from planner.budgets.models import RequestStatus
from planner.clock import utcnow
from planner.db import engine_of, session
from planner.initiatives.models import InitiativeStatus
from planner.languages import digest
from planner.notifications.opt_out import opt_out_token
from tests import factories as make
from tests.conftest import TEST_SECRET_KEY, log_in
from tests.permissions.world import ROLES, World, build_world

OK, LOGIN, DENIED = "ok", "login", "denied"


def everyone() -> dict[str, str]:
    return dict.fromkeys(ROLES, OK)


def signed_in() -> dict[str, str]:
    return {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}


def only(*roles: str, anonymous: str = LOGIN) -> dict[str, str]:
    """These roles may; the anonymous visitor is sent to log in (or denied); everyone else is denied."""
    expected = {role: OK if role in roles else DENIED for role in ROLES}
    expected["anonymous"] = OK if "anonymous" in roles else anonymous
    return expected


COUNCIL_X = ("member_x", "chair_x", "admin")


@dataclass(frozen=True)
class Route:
    """One endpoint and method, how to fill its URL, and who may use it."""

    endpoint: str
    method: str
    expect: dict[str, str]
    args: Callable[[World], dict[str, Any]] = lambda world: {}
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})


def shift(record_name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"shift_id": world.records[record_name].id}


def code(record_name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"code": world.records[record_name].code}


def series(record_name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"series_id": world.records[record_name].id}


def year(record_name: str, fiscal_year: int = 2026) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"key": world.records[record_name].slug, "year": fiscal_year}


def request(which: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"request_id": world.records[f"request_{which}"].id}


def link(which: str) -> Callable[[World], dict[str, Any]]:
    """The secret of an e-mailed link made for the volunteer (see _add_links)."""
    return lambda world: {"token": world.links[which]}


def key(record_name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"key": world.records[record_name].slug}


def asked_party(which: str) -> Callable[[World], dict[str, Any]]:
    """The partnership B recorded naming A and council X, and organisation A's party to it, still asked."""
    def args(world: World) -> dict[str, Any]:
        partnership = world.records["partnership_b_asks"]
        party = next(p for p in partnership.parties if p.organisation_id == getattr(world, f"org_{which}").id)
        return {"key": partnership.slug, "party_id": party.id}
    return args


def spreadsheet_of_one_shift(world: World) -> dict[str, Any]:
    """A CSV of one shift at shift A's place, a month on, as a file field: the import shows it before adding it."""
    day = (utcnow() + timedelta(days=30)).date().isoformat()
    text = f"title,starts,ends,capacity,locality\nPreviewed,{day} 09:00,{day} 12:00,4,{world.place_a.name}\n"
    return {"file": (io.BytesIO(text.encode()), "shifts.csv")}


MATRIX: list[Route] = [
    # the public directory and the plumbing
    Route("health.healthz", "GET", everyone()),
    Route("static", "GET", everyone(), lambda w: {"filename": "style.css"}),
    Route("i18n.choose_language", "POST", everyone(), data=lambda w: {"locale": "ar"}),
    Route("i18n.choose_calendar", "POST", everyone(), data=lambda w: {"hijri": "on"}),
    Route("directory.home", "GET", everyone()),
    Route("crawlers.robots", "GET", everyone()),
    Route("crawlers.sitemap_index", "GET", everyone()),
    Route("crawlers.sitemap_pages", "GET", everyone()),
    Route("crawlers.sitemap_part", "GET", everyone(), lambda w: {"plural": "initiatives", "number": 0}),
    Route("me.home", "GET", signed_in()),
    Route("directory.search", "GET", everyone(), data=lambda w: {"q": "youth"}),
    Route("directory.councils", "GET", everyone()),
    Route("directory.centres", "GET", everyone()),
    Route("directory.organisations", "GET", everyone()),
    Route("directory.initiatives", "GET", everyone()),
    Route("directory.programmes", "GET", everyone()),
    Route("directory.partnerships", "GET", everyone()),
    Route("directory.council", "GET", everyone(), key("council_x")),
    Route("directory.centre", "GET", everyone(), key("centre_x")),
    Route("directory.organisation", "GET", everyone(), key("org_a")),
    Route("directory.partnership", "GET", everyone(), key("partnership_ax")),
    # one party agreed of three: those it names see it (A and X to answer), nobody else learns it exists
    Route("directory.partnership", "GET", only("coordinator_a", "coordinator_b", *COUNCIL_X, anonymous=DENIED),
          key("partnership_b_asks")),
    Route("directory.programme", "GET", everyone(), key("programme_a")),
    # a published initiative is public; a draft only for its coordinators (and admins)
    Route("directory.initiative", "GET", everyone(), key("initiative_a")),
    Route("directory.initiative", "GET", only("coordinator_a", "admin", anonymous=DENIED), key("draft_a")),
    # accounts
    Route("accounts.login", "GET", everyone()),
    Route("accounts.login", "POST", everyone(), data=lambda w: {"email": "nobody@example.org", "password": "x"}),
    Route("accounts.register", "GET", everyone()),
    Route("accounts.register", "POST", everyone(), data=lambda w: {"email": "not-an-address"}),
    Route("accounts.logout", "GET", everyone()),
    Route("accounts.logout", "POST", everyone()),
    Route("accounts.password", "GET", signed_in()),
    Route("accounts.password", "POST", signed_in(), data=lambda w: {"current_password": "wrong"}),
    Route("accounts.profile", "GET", signed_in()),
    Route("accounts.profile", "POST", signed_in(), data=lambda w: {"name": ""}),
    Route("accounts.login_code", "GET", everyone()),  # no password step yet: a link back to log in
    Route("accounts.login_code", "POST", dict.fromkeys(ROLES, LOGIN), data=lambda w: {"code": "123456"}),
    Route("accounts.verify_again", "POST", signed_in()),
    Route("volunteering.reply", "GET", everyone(), link("reply")),  # the signed link is the permission
    Route("volunteering.reply", "POST", everyone(), link("reply")),
    Route("volunteering.stop_reminders", "GET", everyone(), link("stop")),  # the signed link is the permission
    Route("volunteering.stop_reminders", "POST", everyone(), link("stop")),
    Route("recovery.request_reset", "GET", everyone()),
    Route("recovery.request_reset", "POST", everyone(), data=lambda w: {"email": "nobody@example.org"}),
    Route("recovery.reset_password", "GET", everyone(), link("reset")),
    Route("recovery.reset_password", "POST", everyone(), link("reset"), lambda w: {"password": ""}),
    Route("recovery.verify_email", "GET", everyone(), link("verify")),
    Route("recovery.verify_email", "POST", everyone(), link("verify")),
    Route("recovery.change_email", "GET", signed_in()),
    Route("recovery.change_email", "POST", signed_in(), data=lambda w: {"email": "new@example.org", "password": "x"}),
    Route("recovery.confirm_email_change", "GET", everyone(), link("email")),
    Route("recovery.confirm_email_change", "POST", signed_in(), link("email")),
    Route("security.overview", "GET", signed_in()),
    Route("security.two_factor_setup", "GET", signed_in()),
    Route("security.two_factor_setup", "POST", signed_in(), data=lambda w: {"code": "000000"}),
    Route("security.two_factor_start", "POST", signed_in()),
    Route("security.two_factor_off", "GET", signed_in()),
    Route("security.two_factor_off", "POST", signed_in(), data=lambda w: {"password": "x", "code": "1"}),
    Route("security.recovery_codes", "GET", signed_in()),
    Route("security.recovery_codes", "POST", signed_in(), data=lambda w: {"password": "x", "code": "1"}),
    Route("security.end_browser_session", "POST", signed_in(), lambda w: {"token_hash": "0" * 64}),
    Route("security.end_other_browser_sessions", "POST", signed_in()),
    Route("security.export", "GET", signed_in()),
    Route("security.export", "POST", signed_in()),
    Route("security.delete", "GET", signed_in()),
    Route("security.delete", "POST", signed_in(), data=lambda w: {"password": "wrong"}),
    # administration
    Route("audit.log", "GET", only("admin")),
    Route("notifications.failed", "GET", only("admin")),
    Route("roles.users", "GET", only("admin")),
    Route("roles.user", "GET", only("admin"), lambda w: {"user_id": w.users["volunteer"].id}),
    Route("roles.grant", "POST", only("admin"), lambda w: {"user_id": w.users["volunteer"].id},
          lambda w: {"role": "coordinator", "scope": f"organisation:{w.org_b.id}"}),
    Route("roles.revoke", "POST", only("admin"),
          lambda w: {"user_id": w.users["member_x"].id, "grant_id": w.member_x_grant.id}),
    Route("roles.council_members", "GET", only("chair_x", "admin"), key("council_x")),
    Route("roles.council_members", "POST", only("chair_x", "admin"), key("council_x"),
          lambda w: {"email": w.users["volunteer"].email, "role": "council_member"}),
    Route("roles.reset_two_factor", "POST", only("admin"), lambda w: {"user_id": w.users["member_x"].id}),
    Route("roles.cancel_invitation", "POST", only("chair_x", "admin"),
          lambda w: {"key": w.council_x.slug, "invitation_id": w.invitation.id}),
    Route("roles.invitation", "GET", everyone(), link("invitation")),
    Route("roles.invitation", "POST", everyone(), link("invitation")),
    Route("roles.remove_council_member", "POST", only("chair_x", "admin"),
          lambda w: {"key": w.council_x.slug, "grant_id": w.member_x_grant.id}),
    # councils
    Route("councils.create", "GET", only("admin")),
    Route("councils.create", "POST", only("admin"), data=lambda w: {"name": ""}),
    Route("councils.edit", "GET", only("chair_x", "admin"), key("council_x")),
    Route("councils.edit", "POST", only("chair_x", "admin"), key("council_x"), lambda w: {"name": ""}),
    Route("councils.archive", "POST", only("admin"), key("council_y")),
    # centres
    Route("centres.create", "GET", only(*COUNCIL_X)),
    Route("centres.create", "POST", only(*COUNCIL_X), data=lambda w: {"name": ""}),
    Route("centres.edit", "GET", only(*COUNCIL_X), key("centre_x")),
    Route("centres.edit", "POST", only(*COUNCIL_X), key("centre_x"), lambda w: {"name": ""}),
    Route("centres.archive", "POST", only(*COUNCIL_X), key("centre_x")),
    # organisations
    Route("organisations.create", "GET", only("admin")),
    Route("organisations.create", "POST", only("admin"), data=lambda w: {"name": ""}),
    Route("organisations.edit", "GET", only("coordinator_a", "admin"), key("org_a")),
    Route("organisations.edit", "POST", only("coordinator_a", "admin"), key("org_a"), lambda w: {"name": ""}),
    Route("organisations.archive", "POST", only("admin"), key("org_b")),
    # initiatives and their life cycle
    Route("initiatives.create", "GET", only("coordinator_a", "coordinator_b", "admin")),
    Route("initiatives.create", "POST", only("coordinator_a", "coordinator_b", "admin"), data=lambda w: {"title": ""}),
    Route("initiatives.mine", "GET", only("coordinator_a", "coordinator_b", "admin")),
    Route("initiatives.review", "GET", only(*COUNCIL_X)),
    Route("initiatives.edit", "GET", only("coordinator_a", "admin", anonymous=DENIED), key("draft_a")),
    Route("initiatives.edit", "POST", only("coordinator_a", "admin", anonymous=DENIED), key("draft_a"),
          lambda w: {"title": ""}),
    Route("languages.queue", "GET", signed_in()),
    Route("languages.not_yet", "GET", signed_in()),
    Route("languages.switch_digest", "POST", signed_in()),
    Route("languages.stop_digest", "GET", everyone(), link("digest")),  # the signed link is the permission
    Route("languages.stop_digest", "POST", everyone(), link("digest")),
    Route("languages.edit", "GET", only("coordinator_a", "admin"), lambda w: {"kind": "initiative",
                                                                          "record_id": w.records["draft_a"].id}),
    Route("languages.edit", "POST", only("coordinator_a", "admin"), lambda w: {"kind": "programme",
                                                                           "record_id": w.records["programme_a"].id},
          lambda w: {"original_language": "en", "fr__name": "Programme A, en français"}),
    Route("languages.edit", "GET", only("chair_x", "admin"), lambda w: {"kind": "council",
                                                                    "record_id": w.records["council_x"].id}),
    Route("languages.edit", "GET", only("coordinator_a", "admin"), lambda w: {"kind": "shift",
                                                                          "record_id": w.records["shift_a"].id}),
    Route("languages.edit", "POST", only("coordinator_a", "admin"), lambda w: {"kind": "requirement",
                                                                           "record_id": w.records["requirement_a"].id},
          lambda w: {"original_language": "en", "ar__name": "فحص حماية الأطفال"}),
    Route("initiatives.submit", "POST", only("coordinator_a", "admin", anonymous=DENIED), key("draft_a")),
    Route("initiatives.publish", "POST", only(*COUNCIL_X, anonymous=DENIED), key("submitted_a")),
    Route("initiatives.return_for_changes", "GET", only(*COUNCIL_X, anonymous=DENIED), key("submitted_a")),
    Route("initiatives.return_for_changes", "POST", only(*COUNCIL_X, anonymous=DENIED), key("submitted_a"),
          lambda w: {"comment": "Please add dates."}),
    Route("initiatives.archive", "POST", only("coordinator_a", *COUNCIL_X), key("initiative_a")),
    # partnerships
    Route("partnerships.create", "GET", only("coordinator_a", "coordinator_b", *COUNCIL_X)),
    Route("partnerships.create", "POST", only("coordinator_a", "coordinator_b", *COUNCIL_X),
          data=lambda w: {"title": ""}),
    Route("partnerships.edit", "GET", only("coordinator_a", *COUNCIL_X), key("partnership_ax")),
    Route("partnerships.edit", "POST", only("coordinator_a", *COUNCIL_X), key("partnership_ax"),
          lambda w: {"title": ""}),
    Route("partnerships.archive", "POST", only("coordinator_a", *COUNCIL_X), key("partnership_ax")),
    # the party asked answers (not an administrator for it; nobody who may not see it learns it exists)
    Route("partnerships.agree", "POST", only("coordinator_a", anonymous=DENIED), asked_party("a")),
    Route("partnerships.decline", "POST", only("coordinator_a", anonymous=DENIED), asked_party("a")),
    # volunteering: finding and signing up
    Route("volunteering.shifts", "GET", everyone()),
    Route("volunteering.shift", "GET", everyone(), shift("shift_a")),
    Route("volunteering.series_page", "GET", everyone(), series("series_a")),
    Route("volunteering.check_in_here", "GET", signed_in(), lambda w: {"shift_id": w.shift_a.id, "code": "NOTIT"}),
    Route("volunteering.check_in_here", "POST", signed_in(), lambda w: {"shift_id": w.shift_a.id, "code": "NOTIT"}),
    Route("volunteering.certificates.certificate", "GET", everyone(), code("certificate_v")),
    Route("volunteering.certificates.find_certificate", "GET", everyone()),
    Route("volunteering.certificates.my_certificates", "GET", signed_in()),
    Route("volunteering.certificates.my_certificates", "POST", signed_in(), data=lambda w: {"name": ""}),
    Route("volunteering.certificates.download_certificate", "GET", only("volunteer"), code("certificate_v")),
    Route("volunteering.certificates.revoke_certificate", "POST", only("volunteer"), code("certificate_v")),
    Route("volunteering.shift_calendar", "GET", everyone(), shift("shift_a")),
    Route("volunteering.programme_feed", "GET", everyone(), key("programme_a")),
    Route("volunteering.volunteer_feed", "GET", everyone(), lambda w: {"token": w.users["volunteer"].calendar_token}),
    Route("volunteering.sign_up", "POST", signed_in(), shift("shift_a")),
    Route("volunteering.follow", "POST", signed_in(), key("programme_a"), lambda w: {"wanted": "on"}),
    Route("volunteering.stop_news", "GET", everyone(),  # the signed link is the permission
          lambda w: {"key": w.records["programme_a"].slug, "token": w.links["news"]}),
    Route("volunteering.stop_news", "POST", everyone(),
          lambda w: {"key": w.records["programme_a"].slug, "token": w.links["news"]}),
    Route("volunteering.stop_all_news", "GET", everyone(), lambda w: {"token": w.links["all_news"]}),
    Route("volunteering.stop_all_news", "POST", everyone(), lambda w: {"token": w.links["all_news"]}),
    Route("volunteering.cancel", "POST", only("volunteer"), lambda w: {"signup_id": w.signup_a.id}),
    Route("volunteering.change_note", "POST", only("volunteer"), lambda w: {"signup_id": w.signup_a.id},
          lambda w: {"note": "Coming by bus"}),
    Route("volunteering.my_shifts", "GET", signed_in()),
    Route("volunteering.logged_hours.log", "GET", signed_in(), key("programme_a")),
    Route("volunteering.logged_hours.log", "POST", signed_in(), key("programme_a"), lambda w: {"hours": ""}),
    Route("volunteering.logged_hours.mine", "GET", signed_in()),
    Route("volunteering.logged_hours.withdraw", "POST", only("volunteer"), lambda w: {"entry_id": w.logged_v.id}),
    Route("volunteering.my_following", "GET", signed_in()),
    Route("volunteering.my_hours_csv", "GET", signed_in()),
    Route("volunteering.my_calendar", "GET", signed_in()),
    Route("volunteering.reset_calendar", "POST", signed_in()),
    # volunteering: what coordinators run
    Route("volunteering.manage.new_programme", "GET", only("coordinator_a", "coordinator_b", "admin")),
    Route("volunteering.manage.new_programme", "POST", only("coordinator_a", "coordinator_b", "admin"),
          data=lambda w: {"name": ""}),
    Route("volunteering.manage.edit_programme", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.edit_programme", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"name": ""}),
    Route("volunteering.manage.import_shifts", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.import_template", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.shifts_csv", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.import_shifts", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"file": ""}),
    Route("volunteering.manage.import_shifts", "POST", only("coordinator_a", "admin"), key("programme_a"),
          spreadsheet_of_one_shift),  # answered with its preview
    # after the import: the sweep posts in this order, and an archived programme takes no new shifts
    Route("volunteering.manage.archive_programme", "POST", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.new_shift", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.new_shift", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"title": ""}),
    Route("volunteering.manage.edit_shift", "GET", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.edit_shift", "POST", only("coordinator_a", "admin"), shift("shift_a"),
          lambda w: {"title": ""}),
    Route("volunteering.manage.cancel_shift", "GET", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.cancel_shift", "POST", only("coordinator_a", "admin"), shift("shift_a"),
          lambda w: {"reason": "Storm warning"}),
    Route("volunteering.manage.roster_page", "GET", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.message_volunteers", "GET", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.message_volunteers", "POST", only("coordinator_a", "admin"), shift("shift_a"),
          lambda w: {"audience": "places", "subject": "Parking", "text": "The north gate, please."}),
    Route("volunteering.hours.programme_hours", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.logged_hours.queue", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.logged_hours.queue", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"email": ""}),
    Route("volunteering.logged_hours.verify", "POST", only("coordinator_a", "admin"),
          lambda w: {"entry_id": w.logged_v.id}, lambda w: {"hours": "1.5"}),
    Route("volunteering.logged_hours.decline", "POST", only("coordinator_a", "admin"),
          lambda w: {"entry_id": w.logged_v.id}, lambda w: {"reason": "Not ours"}),
    Route("volunteering.requirements.page", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.requirements.add", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"name": ""}),
    Route("volunteering.requirements.record", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"emails": ""}),
    Route("volunteering.requirements.rename", "GET", only("coordinator_a", "admin"),
          lambda w: {"requirement_id": w.requirement_a.id}),
    Route("volunteering.requirements.rename", "POST", only("coordinator_a", "admin"),
          lambda w: {"requirement_id": w.requirement_a.id}, lambda w: {"name": ""}),
    Route("volunteering.requirements.share", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"requirement": ""}),
    Route("volunteering.requirements.remove", "POST", only("coordinator_a", "admin"),
          lambda w: {"key": w.programme_a.slug, "requirement_id": w.requirement_a.id}),
    Route("volunteering.requirements.withdraw", "POST", only("coordinator_a", "admin"),
          lambda w: {"key": w.programme_a.slug, "met_id": w.met_v.id}),
    Route("volunteering.hours.programme_hours_csv", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.hours.organisation_hours", "GET", only("coordinator_a", "admin"), key("org_a")),
    Route("volunteering.hours.organisation_hours_csv", "GET", only("coordinator_a", "admin"), key("org_a")),
    Route("volunteering.hours.initiative_hours", "GET", only("coordinator_a", "admin"), key("initiative_a")),
    Route("volunteering.hours.initiative_hours_csv", "GET", only("coordinator_a", "admin"), key("initiative_a")),
    Route("volunteering.hours.centre_hours", "GET", only("admin"), key("centre_x")),
    Route("volunteering.hours.centre_hours_csv", "GET", only("admin"), key("centre_x")),
    Route("volunteering.manage.message_programme", "GET", only("coordinator_a", "admin"), key("programme_a")),
    Route("volunteering.manage.message_programme", "POST", only("coordinator_a", "admin"), key("programme_a"),
          lambda w: {"audience": "places", "subject": "Parking", "text": "The north gate, please."}),
    Route("volunteering.manage.cancel_series", "GET", only("coordinator_a", "admin"), series("series_a")),
    Route("volunteering.manage.cancel_series", "POST", only("coordinator_a", "admin"), series("series_a"),
          lambda w: {"reason": "The hall is closed"}),
    Route("volunteering.manage.check_in", "GET", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.check_in", "POST", only("coordinator_a", "admin"), shift("shift_a"),
          lambda w: {"code": "NOT-A-CODE"}),
    Route("volunteering.manage.roster_csv", "GET", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.mark", "POST", only("coordinator_a", "admin"),
          lambda w: {"shift_id": w.shift_a.id, "signup_id": w.signup_a.id}, lambda w: {"status": "attended"}),
    Route("volunteering.manage.mark_the_rest", "POST", only("coordinator_a", "admin"), shift("shift_a")),
    Route("volunteering.manage.unnamed_helpers", "POST", only("coordinator_a", "admin"), shift("shift_a"),
          lambda w: {"unnamed-count": "3"}),
    Route("volunteering.manage.check_in_named", "POST", only("coordinator_a", "admin"),
          lambda w: {"shift_id": w.shift_a.id, "signup_id": w.signup_a.id}),
    Route("volunteering.manage.sign_up_someone", "POST", only("coordinator_a", "admin"), shift("shift_a"),
          lambda w: {"email": "nobody@example.org"}),
    Route("volunteering.manage.release_place", "GET", only("coordinator_a", "admin"),
          lambda w: {"shift_id": w.shift_a.id, "signup_id": w.signup_a.id}),
    Route("volunteering.manage.release_place", "POST", only("coordinator_a", "admin"),
          lambda w: {"shift_id": w.shift_a.id, "signup_id": w.signup_a.id}, lambda w: {"reason": "x" * 501}),
    # budgets: the public page
    Route("budget_pages.budget_home", "GET", everyone(), key("council_x")),
    Route("budget_pages.budget_year", "GET", everyone(), year("council_x")),
    Route("budget_pages.decisions_csv", "GET", everyone(), year("council_x")),
    # budgets: envelopes, requests, review and decisions
    Route("budgets.envelope", "GET", only("chair_x", "admin"), year("council_x")),
    Route("budgets.envelope", "POST", only("chair_x", "admin"), year("council_x"), lambda w: {"amount": "-1"}),
    Route("budgets.review_queue", "GET", only(*COUNCIL_X), key("council_x")),
    Route("budgets.organisation_requests", "GET", only("coordinator_a", "admin"), key("org_a")),
    Route("budgets.new_request", "GET", only("coordinator_a", "admin"), key("initiative_a")),
    Route("budgets.new_request", "POST", only("coordinator_a", "admin"), key("initiative_a"), lambda w: {"title": ""}),
    Route("budgets.show_request", "GET", only("coordinator_a", *COUNCIL_X), request("submitted")),
    Route("budgets.show_request", "GET", only("coordinator_a", *COUNCIL_X),
          lambda w: {"request_id": w.request_submitted.id, "number": 1}),
    Route("budgets.edit_request", "GET", only("coordinator_a", "admin"), request("draft")),
    Route("budgets.edit_request", "POST", only("coordinator_a", "admin"), request("draft"),
          lambda w: {"title": ""}),
    Route("budgets.submit_request", "POST", only("coordinator_a", "admin"), request("draft")),
    Route("budgets.resubmit_request", "POST", only("coordinator_a", "admin"), request("draft")),
    Route("budgets.withdraw", "POST", only("coordinator_a", "admin"), request("submitted")),
    Route("budgets.comment", "POST", only("member_x", "chair_x"), request("submitted"),
          lambda w: {"body": "Looks sound."}),
    Route("budgets.vote", "POST", only("member_x", "chair_x"), request("submitted"),
          lambda w: {"choice": "approve", "reason": "Good value."}),
    Route("budgets.recuse", "POST", only("member_x", "chair_x"), request("submitted"),
          lambda w: {"note": "My cousin runs it."}),
    Route("budgets.decide_request", "GET", only("chair_x"), request("submitted")),
    Route("budgets.decide_request", "POST", only("chair_x"), request("submitted"),
          lambda w: {"outcome": "approved"}),
    Route("budgets.correct", "GET", only("chair_x"), lambda w: {"decision_id": w.decision.id}),
    Route("budgets.correct", "POST", only("chair_x"), lambda w: {"decision_id": w.decision.id},
          lambda w: {"outcome": "rejected", "reason": "Counted twice."}),
    # the JSON API (anonymous and read-only: the same public answer whoever is signed in)
    Route("api.openapi", "GET", everyone()),
    Route("api.councils", "GET", everyone()),
    Route("api.centres", "GET", everyone()),
    Route("api.organisations", "GET", everyone()),
    Route("api.initiatives", "GET", everyone()),
    Route("api.programmes", "GET", everyone()),
    Route("api.partnerships", "GET", everyone()),
    Route("api.council", "GET", everyone(), key("council_x")),
    Route("api.centre", "GET", everyone(), key("centre_x")),
    Route("api.organisation", "GET", everyone(), key("org_a")),
    Route("api.initiative", "GET", everyone(), key("initiative_a")),
    Route("api.initiative", "GET", only(anonymous=DENIED), key("draft_a")),  # a draft: not even its coordinators
    Route("api.programme", "GET", everyone(), key("programme_a")),
    Route("api.partnership", "GET", everyone(), key("partnership_ax")),
    Route("api.council_budget", "GET", everyone(), year("council_x")),
    Route("api.shifts", "GET", everyone()),
    Route("api.shift_changes", "GET", everyone(), lambda w: {"since": "2000-01-01T00:00:00Z"}),
    # the directory lists as CSV
    Route("directory_csv.councils", "GET", everyone()),
    Route("directory_csv.centres", "GET", everyone()),
    Route("directory_csv.organisations", "GET", everyone()),
    Route("directory_csv.initiatives", "GET", everyone()),
    Route("directory_csv.programmes", "GET", everyone()),
    Route("directory_csv.partnerships", "GET", everyone()),
]


def extend_world(world: World) -> World:
    """What the routes above need beyond the shared world."""
    world.records["submitted_a"] = make.initiative(
        title="Submitted A", in_council=world.council_x, lead=world.org_a, status=InitiativeStatus.SUBMITTED
    )
    world.records["partnership_ax"] = make.partnership(
        title="A with X", parties=[world.org_a, world.council_x], created_by=None
    )
    world.records["partnership_b_asks"] = make.partnership(
        title="B asks A and X", parties=[world.org_b], asked=[world.org_a, world.council_x],
        created_by=world.users["coordinator_b"])
    world.records["member_x_grant"] = next(
        grant for grant in world.users["member_x"].grants if grant.role is Role.COUNCIL_MEMBER
    )
    assert isinstance(world.member_x_grant, RoleGrant)
    world.records["signup_a"] = make.signup(world.shift_a, volunteer=world.users["volunteer"])
    world.records["place_a"] = world.shift_a.locality
    world.users["volunteer"].calendar_token = "matrix-calendar-token"
    _add_budgets(world)
    _add_links(world)
    return world


def _add_links(world: World) -> None:
    """Live e-mailed links for the volunteer, and an open invitation to council X."""
    volunteer = world.users["volunteer"]
    volunteer.email_verified_at = None
    world.records["links"] = {
        "reset": tokens.issue(volunteer, TokenPurpose.PASSWORD_RESET),
        "verify": tokens.issue(volunteer, TokenPurpose.EMAIL_VERIFICATION),
        "email": tokens.issue(volunteer, TokenPurpose.EMAIL_CHANGE, email="moved@example.org"),
        "reply": reminders.reply_token(world.signup_a.id, "coming", secret_key=TEST_SECRET_KEY),
        "stop": reminders.stop_token(volunteer.id, secret_key=TEST_SECRET_KEY),
        "digest": opt_out_token(digest.DIGEST_OFF, volunteer.id, secret_key=TEST_SECRET_KEY),
        "news": opt_out_token(following.news_off_kind(world.records["programme_a"].id), volunteer.id,
                              secret_key=TEST_SECRET_KEY),
        "all_news": opt_out_token(following.ALL_NEWS_OFF, volunteer.id, secret_key=TEST_SECRET_KEY),
    }
    offer = CouncilInvitation(council_id=world.council_x.id, role=Role.COUNCIL_MEMBER, email=volunteer.email,
                              email_canonical=volunteer.email_canonical, token_hash=tokens.digest("matrix-invitation"),
                              invited_by_id=world.users["chair_x"].id, expires_at=utcnow() + timedelta(days=1))
    session.add(offer)
    session.flush()
    world.records["invitation"] = offer
    world.links["invitation"] = "matrix-invitation"


def _add_budgets(world: World) -> None:
    """An envelope for X, and A's requests to X: a draft, one under review, one decided."""
    make.envelope(world.council_x, 2026, amount="50000.00", allocated="1000.00")
    world.records["request_draft"] = make.budget_request(world.initiative_a, title="Draft request of A")
    world.records["request_submitted"] = make.budget_request(
        world.initiative_a, title="Request of A under review", status=RequestStatus.SUBMITTED
    )
    decided = make.budget_request(world.initiative_a, title="Decided request of A", status=RequestStatus.DECIDED)
    world.records["decision"] = make.decision(decided, amount="1000.00")


def outcome_of(response, app: Flask) -> str:
    """What the user noticed: the page worked, they were sent to log in, or they were turned away."""
    if response.status_code in (401,) or (
        response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", "")
    ):
        return LOGIN
    if response.status_code in (403, 404):
        return DENIED
    if response.status_code < 500 and response.status_code not in (405,):
        return OK
    return f"status {response.status_code}"


CASES = [
    pytest.param(route, role, id=f"{route.method} {route.endpoint}#{index} as {role}")
    for index, route in enumerate(MATRIX)
    for role in ROLES
]


@pytest.mark.parametrize(("route", "role"), CASES)
def test_route_answers_each_role_as_expected(app, client, db, route: Route, role: str):
    world = extend_world(build_world())
    db.commit()  # a savepoint: the arranged world survives the request contexts below
    user = world.users[role]
    if user is not None:
        log_in(client, user)
    query = route.data(world) if route.method == "GET" else {}
    with app.test_request_context():
        from flask import url_for

        url = url_for(route.endpoint, **route.args(world), **query)  # with any query the address adds itself
    if route.method == "GET":
        with writes_to(engine_of(app)) as writes:
            response = client.get(url)
        assert writes == [], "a GET request wrote to the database"
    else:
        response = client.post(url, data=route.data(world))
    assert outcome_of(response, app) == route.expect[role], response.status_code


@contextmanager
def writes_to(engine) -> Iterator[list[str]]:
    """The INSERT, UPDATE and DELETE statements sent to the database while the block runs."""
    writes: list[str] = []

    def note(_connection, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement.split("\n", 1)[0])

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_every_route_is_in_the_matrix(app):
    covered = {(route.endpoint, route.method) for route in MATRIX}
    missing = sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (rule.endpoint, method) not in covered
    )
    assert missing == [], "routes without an entry in the permission matrix"


def test_the_matrix_names_every_role_for_every_route():
    for route in MATRIX:
        assert set(route.expect) == set(ROLES), route.endpoint


def test_the_write_detector_sees_a_write(app, db):
    with writes_to(engine_of(app)) as writes:
        make.theme("seen-by-the-detector")
    assert len(writes) == 1 and writes[0].lstrip().upper().startswith("INSERT")
