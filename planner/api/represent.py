"""Records as API shapes: the list item of each kind, and its detail with the related records.

Everything here reads relations the list statement or `directory.details` has already loaded,
so building a page sends no query per item. A related record is linked only when it is public.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import g

from planner.api import schemas as out
from planner.budgets.money import to_money
from planner.directory import details
from planner.directory.kinds import KINDS
from planner.names import country_name, place_name, term_name
from planner.permissions import is_public
from planner.provenance import source_title
from planner.translated import languages_of, original_of, shown, text_in, texts_by_language, written
from planner.urls import absolute_url
from planner.volunteering import requirements
from planner.volunteering.queries import series_of, waitlist_lengths


def absolute(endpoint: str, **values: Any) -> str:
    """A full URL (the API's answers are read away from the site)."""
    return absolute_url(endpoint, **values)


def money(amount: Decimal, currency: str) -> str:
    """An exact amount as text, with as many decimal places as its currency has (ISO 4217)."""
    return format(to_money(amount, currency), "f")


def _name(record) -> str:
    return _text(record, "name" if hasattr(record, "name") else "title")


def asked_language() -> str | None:
    """The language the request asked the written fields in (`lang`), or None for each record's original."""
    return g.get("api_language")


def _text(record, field: str) -> str:
    """A written field: in the asked language when the record has it (else its original), or the original."""
    language = asked_language()
    if language is None:
        return getattr(record, field) or ""
    return shown(record, field, language).text


def _local_name(record) -> str | None:
    """The name in the first language other than English the record has one in (kept for older clients)."""
    return next((name for language, name in ((language, text_in(record, "name", language))
                                              for language in languages_of(record)) if language != "en" and name), None)


def record_languages(record) -> dict[str, Any]:
    """The record's languages: the one it was written in, all it has, and every written field in each."""
    return {"original_language": original_of(record), "text_languages": languages_of(record),
            "translations": texts_by_language(record)}


def page_url(kind_name: str, record) -> str:
    """The record's page on the site."""
    return absolute(KINDS[kind_name].detail_endpoint, key=record.slug)


def api_url(kind_name: str, record) -> str:
    """The record's address in the API."""
    return absolute(f"api.{kind_name}", key=record.slug)


def ref(kind_name: str, record) -> out.Ref | None:
    """A link to a related record, or None when there is none or it is not public."""
    if record is None or not is_public(record):
        return None
    return out.Ref(id=record.id, slug=record.slug, name=_name(record), url=page_url(kind_name, record),
                   api_url=api_url(kind_name, record))


def related(kind_name: str, found: details.Related) -> out.Related:
    """A bounded list of related records (already filtered to public ones by `directory.details`)."""
    return out.Related(items=[ref(kind_name, record) for record in found], more=found.more)


def term(record) -> out.Term | None:
    return None if record is None else out.Term(key=record.key, name=term_name(record, asked_language() or "en"))


def place(locality) -> out.Place | None:
    if locality is None:
        return None
    return out.Place(slug=locality.slug, name=place_name(locality, asked_language() or "en"),
                     name_local=locality.name_local, names=dict(locality.names or {}),
                     country_code=locality.country_code, timezone=locality.timezone)


def country(record) -> out.Country:
    language = asked_language()
    name = country_name(record.code, record.name, language) if language else record.name
    return out.Country(code=record.code, name=name)


def provenance(record) -> out.Provenance:
    return out.Provenance(source_document=record.source_document,
                          source_title=source_title(record.source_document) or None,
                          source_section=record.source_section, illustrative=record.is_illustrative)


def _common(kind_name: str, record) -> dict[str, Any]:
    return {"id": record.id, "slug": record.slug, "url": page_url(kind_name, record),
            "api_url": api_url(kind_name, record), "provenance": provenance(record), **record_languages(record)}


# --- list items ---------------------------------------------------------------------------


def council(record) -> out.Council:
    """A council as a list item."""
    return out.Council(
        **_common("council", record), name=_text(record, "name"), name_local=_local_name(record),
        mandate=_text(record, "mandate"),
        currency=record.currency, locality=place(record.locality), country=country(record.locality.country),
        budget_url=absolute("budget_pages.budget_home", key=record.slug),
    )


def centre(record) -> out.Centre:
    """A centre as a list item."""
    return out.Centre(
        **_common("centre", record), name=_text(record, "name"), name_local=_local_name(record),
        summary=_text(record, "summary"),
        locality=place(record.locality), council=ref("council", record.council),
        services=[term(item) for item in record.services], audiences=[term(item) for item in record.audiences],
        opening_hours=_text(record, "opening_hours"),
        contact=out.Contact(email=record.contact_email, phone=record.contact_phone, website=record.website,
                            address=record.address),
    )


def organisation(record) -> out.Organisation:
    """An organisation as a list item."""
    return out.Organisation(
        **_common("organisation", record), name=_text(record, "name"), name_local=_local_name(record), kind=record.kind,
        country=country(record.country), locality=place(record.locality), summary=_text(record, "summary"),
        website=record.website,
    )


def initiative(record) -> out.Initiative:
    """An initiative as a list item."""
    return out.Initiative(
        **_common("initiative", record), title=_text(record, "title"), summary=_text(record, "summary"),
        status=record.status,
        theme=term(record.theme), council=ref("council", record.council), locality=place(record.locality),
        venue=ref("centre", record.venue), lead_organisation=ref("organisation", record.lead_organisation),
        partners=[link for partner in record.partners if (link := ref("organisation", partner))],
        audiences=[term(item) for item in record.audiences], starts_on=record.starts_on, ends_on=record.ends_on,
        published_at=record.published_at,
    )


def programme(record) -> out.Programme:
    """A programme as a list item."""
    return out.Programme(
        **_common("programme", record), name=_text(record, "name"), summary=_text(record, "summary"),
        initiative=ref("initiative", record.initiative), organisation=ref("organisation", record.organisation),
        centre=ref("centre", record.centre), skills=[term(item) for item in record.skills],
    )


def party(record) -> out.Party:
    """One party to a partnership (its record linked only when public)."""
    if record.country_code:
        return out.Party(type="country", name=record.country.name, record=None, country_code=record.country_code)
    kind_name = "council" if record.council_id else "centre" if record.centre_id else "organisation"
    return out.Party(type=kind_name, name=_name(record.record), record=ref(kind_name, record.record), country_code=None)


def partnership(record, parties=None) -> out.Partnership:
    """A partnership as a list item (its parties already loaded, or given)."""
    return out.Partnership(
        **_common("partnership", record), title=_text(record, "title"), kind=record.kind,
        summary=_text(record, "summary"),
        starts_on=record.starts_on, ends_on=record.ends_on,
        parties=[party(item) for item in (record.agreed_parties if parties is None else parties)],
    )


ITEMS = {
    "council": council, "centre": centre, "organisation": organisation,
    "initiative": initiative, "programme": programme, "partnership": partnership,
}


# --- details ------------------------------------------------------------------------------


def council_detail(record) -> out.CouncilDetail:
    """A council with its public relations."""
    found = details.council_relations(record)
    return out.CouncilDetail(
        **council(record).model_dump(), centres=related("centre", found["centres"]),
        initiatives=related("initiative", found["initiatives"]),
        partnerships=related("partnership", found["partnerships"]),
    )


def centre_detail(record) -> out.CentreDetail:
    """A centre with its public relations."""
    found = details.centre_relations(record)
    return out.CentreDetail(
        **centre(record).model_dump(), initiatives=related("initiative", found["initiatives"]),
        programmes=related("programme", found["programmes"]),
        partnerships=related("partnership", found["partnerships"]),
    )


def organisation_detail(record) -> out.OrganisationDetail:
    """An organisation with its public relations."""
    found = details.organisation_relations(record)
    return out.OrganisationDetail(
        **organisation(record).model_dump(), led_initiatives=related("initiative", found["led"]),
        partnered_initiatives=related("initiative", found["partnered"]),
        programmes=related("programme", found["programmes"]),
        partnerships=related("partnership", found["partnerships"]),
    )


def initiative_detail(record) -> out.InitiativeDetail:
    """An initiative with its description and public relations."""
    found = details.initiative_relations(record)
    return out.InitiativeDetail(
        **initiative(record).model_dump(), description=_text(record, "description"),
        programmes=related("programme", found["programmes"]),
        partnerships=related("partnership", found["partnerships"]),
    )


def shift(record, waiting: int) -> out.Shift:
    """An upcoming shift with its places and waiting list."""
    return out.Shift(
        id=record.id, title=_text(record, "title"), starts_at=record.starts_at, ends_at=record.ends_at,
        signup_cutoff_at=record.signup_cutoff_at, timezone=record.locality.timezone, place=place(record.locality),
        venue=_text(record, "place"), instructions=_text(record, "instructions"), centre=ref("centre", record.centre),
        capacity=record.capacity,
        confirmed=record.confirmed_count, places_left=record.places_left, waitlist=waiting,
        party_limit=record.party_limit, series_rule=record.series.rule if record.series_id else None,
        url=absolute("volunteering.shift", shift_id=record.id),
    )


def shift_items(records: list) -> list[out.ShiftItem]:
    """A page of the list of shifts: each with its programme and waiting list (the waiting lists in one query, the
    series the page's shifts repeat by in one more)."""
    waiting = waitlist_lengths([record.id for record in records])
    repeating = series_of(records)  # held while the items are built, so each shift finds its series in the session
    items = [out.ShiftItem(**shift(record, waiting.get(record.id, 0)).model_dump(),
                           programme=ref("programme", record.programme)) for record in records]
    del repeating
    return items


def shift_changes(records: list, listed: frozenset[int]) -> list[out.ShiftChange | out.WithdrawnShift]:
    """A page of the feed of changed shifts: each the public sees as a list item, with its status and last change;
    each other as withdrawn, with its id and last change only."""
    shown = iter(shift_items([record for record in records if record.id in listed]))
    return [out.ShiftChange(**next(shown).model_dump(), status=record.status.value, changed_at=record.updated_at)
            if record.id in listed else out.WithdrawnShift(id=record.id, status="withdrawn",
                                                           changed_at=record.updated_at)
            for record in records]


def programme_detail(record) -> out.ProgrammeDetail:
    """A programme with its languages and upcoming shifts (each with its waiting list, in one query)."""
    found = details.programme_relations(record)
    shifts = found["shifts"]
    waiting = waitlist_lengths([item.id for item in shifts])
    return out.ProgrammeDetail(
        **programme(record).model_dump(), languages=found["languages"],
        shifts=[shift(item, waiting.get(item.id, 0)) for item in shifts], more_shifts=shifts.more,
        shifts_api_url=absolute("api.shifts", programme=record.slug),
        requirements=[_text(item, "name") for item in requirements.of_programme(record.id)],
    )


def partnership_detail(record) -> out.PartnershipDetail:
    """A partnership with the published initiatives it serves."""
    found = details.partnership_relations(record)
    return out.PartnershipDetail(**partnership(record, found["parties"]).model_dump(),
                                 initiatives=related("initiative", found["initiatives"]))


DETAILS = {
    "council": council_detail, "centre": centre_detail, "organisation": organisation_detail,
    "initiative": initiative_detail, "programme": programme_detail, "partnership": partnership_detail,
}


# --- budgets ------------------------------------------------------------------------------


def decision(row) -> out.Decision:
    """One row of `budgets.queries.public_decisions`."""
    return out.Decision(
        id=row.id, decided_at=row.decided_at, outcome=row.outcome, requested=money(row.requested, row.currency),
        approved=money(row.approved_amount, row.currency), currency=row.currency, reason=_text(row, "reason"),
        request_id=row.request_id,
        request_title=_text(written("title", row.request_title, row.request_language, row.request_translations),
                            "title"),
        initiative=out.DecisionInitiative(slug=row.initiative_slug, title=_text(
            written("title", row.initiative_title, row.initiative_language, row.initiative_translations), "title")),
        theme=row.theme_name, corrects=row.corrects_id, corrected_by=row.corrected_by_id,
    )


def budget(council_record, year: int, summary, decision_rows) -> out.Budget:
    """A council's public budget for a year (`summary` from `budgets.queries.budget_summary`)."""
    return out.Budget(
        council=ref("council", council_record), fiscal_year=year, currency=summary.currency,
        envelope=None if summary.amount is None else money(summary.amount, summary.currency),
        allocated=money(summary.allocated, summary.currency),
        remaining=None if summary.remaining is None else money(summary.remaining, summary.currency),
        allocation_by_theme=[
            out.ThemeAllocation(theme=out.Term(key=total.key, name=total.name) if total.key else None,
                                amount=money(total.amount, summary.currency), decisions=total.decisions)
            for total in summary.by_theme
        ],
        decisions_published=summary.published, decisions=[decision(row) for row in decision_rows],
        url=absolute("budget_pages.budget_year", key=council_record.slug, year=year),
        csv_url=absolute("budget_pages.decisions_csv", key=council_record.slug, year=year),
    )
