"""The community initiative directory and planner: the application factory."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from planner import assets, cache, db, errors, i18n, page_cache, security, serving, templating, translated
from planner.accounts import throttle
from planner.config import settings_from_environment
from planner.directory import indexing
from planner.extensions import csrf, login_manager
from planner.urls import RecordIdConverter
from planner.volunteering import stamps

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class Planner(Flask):
    """Flask, with a reading request answered once more when its database connection was found lost."""

    def dispatch_request(self):
        return db.once_more_on_a_lost_connection(super().dispatch_request)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, database, extensions, then each feature's blueprint."""
    app = Planner(__name__, instance_relative_config=True, template_folder=str(TEMPLATES))
    app.config.update(settings_from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

    app.url_map.converters["id"] = RecordIdConverter  # <id:…> in routes: an id the database can hold
    db.init_app(app)
    translated.listen(Session)
    indexing.listen(Session)
    stamps.listen(Session)
    cache.init_app(app)
    cache.listen(Session)
    csrf.init_app(app)
    login_manager.init_app(app)
    throttle.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    templating.init_app(app)
    assets.init_app(app)
    page_cache.init_app(app)
    _connect_signals()
    _register_attachments(app)
    _register_commands(app)
    serving.guard_threaded_collection(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from planner.accounts.recovery_views import bp as recovery
    from planner.accounts.roles_views import bp as roles
    from planner.accounts.security_views import bp as security
    from planner.accounts.views import bp as accounts
    from planner.api.csv_views import bp as directory_csv
    from planner.api.views import bp as api
    from planner.audit.views import bp as audit
    from planner.budgets.public_views import bp as budget_pages
    from planner.budgets.views import bp as budgets
    from planner.directory.crawler_views import bp as crawlers
    from planner.centres.views import bp as centres
    from planner.councils.views import bp as councils
    from planner.directory.views import bp as directory
    from planner.health import bp as health
    from planner.initiatives.views import bp as initiatives
    from planner.languages.views import bp as languages
    from planner.me.views import bp as me
    from planner.notifications.views import bp as notifications
    from planner.organisations.views import bp as organisations
    from planner.partnerships.views import bp as partnerships
    from planner.volunteering.views import bp as volunteering

    for blueprint in (
        health, i18n.bp, directory, me, accounts, recovery, security, roles, audit, notifications,
        councils, centres, organisations, initiatives, partnerships, volunteering, budget_pages, budgets,
        languages, api, directory_csv, crawlers,
    ):
        app.register_blueprint(blueprint)


def _connect_signals() -> None:
    """What one feature does when another announces a change (blinker keeps one connection per receiver)."""
    from planner.accounts.signals import account_closing, export_requested, role_granted, settings_offered
    from planner.audit.services import newest_edit_since
    from planner.budgets import reads as budget_reads
    from planner.budgets.review import record_conflicts_of
    from planner.volunteering import queries as volunteering_queries
    from planner.notifications.signals import pass_starting
    from planner.volunteering.reminders import queue_reminders_now
    from planner.languages import digest
    from planner.volunteering.series import make_series_shifts_now
    from planner.volunteering.certificates import revoke_all_of
    from planner.volunteering.services import forget_guests_of, give_up_places_of
    from planner.volunteering import following, logged_hours, requirements
    from planner.records.changes import last_save_asked

    role_granted.connect(record_conflicts_of)
    account_closing.connect(give_up_places_of)
    account_closing.connect(forget_guests_of)
    account_closing.connect(revoke_all_of)
    account_closing.connect(following.forget_follows_of)
    account_closing.connect(logged_hours.forget_logs_of)
    account_closing.connect(requirements.forget_records_of)
    export_requested.connect(volunteering_queries.personal_data)
    export_requested.connect(budget_reads.personal_data)
    export_requested.connect(following.followed_by)
    export_requested.connect(logged_hours.personal_data)
    export_requested.connect(requirements.personal_data)
    settings_offered.connect(digest.setting_offered)
    settings_offered.connect(following.setting_offered)
    pass_starting.connect(make_series_shifts_now)
    pass_starting.connect(queue_reminders_now)
    pass_starting.connect(digest.queue_digests_now)
    pass_starting.connect(following.queue_news_now)
    pass_starting.connect(requirements.queue_lapse_notices_now)
    last_save_asked.connect(newest_edit_since)


def _register_attachments(app: Flask) -> None:
    """The files e-mails carry, made by the feature that knows them when the message is sent."""
    from planner.notifications import attachments
    from planner.volunteering.calendars import shift_attachment
    from planner.volunteering.notices import SHIFT_EVENT

    attachments.register(app, SHIFT_EVENT, shift_attachment)


def _register_commands(app: Flask) -> None:
    from planner.cli import register

    register(app)
