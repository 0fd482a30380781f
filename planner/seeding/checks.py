"""Checks across records and files: unique keys, references, provenance, and the rules that join records."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from planner.budgets.models import DecisionOutcome
from planner.budgets.money import fits_currency, to_quantity
from planner.currencies import minor_digits
from planner.initiatives.models import InitiativeStatus
from planner.seeding.problems import Problem
from planner.seeding.reading import SeedSet

# kind → the fields that name records of another kind (one key or a list of keys);
# an empty target means the values are only checked for repeats.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "localities": (("country", "countries"),),
    "councils": (("locality", "localities"),),
    "centres": (("locality", "localities"), ("council", "councils"), ("services", "services"),
                ("audiences", "audiences")),
    "organisations": (("country", "countries"), ("locality", "localities")),
    "initiatives": (("theme", "themes"), ("council", "councils"), ("venue", "centres"), ("lead", "organisations"),
                    ("partners", "organisations"), ("audiences", "audiences")),
    "programmes": (("initiative", "initiatives"), ("organisation", "organisations"), ("centre", "centres"),
                   ("skills", "skills"), ("languages", "")),
    "partnerships": (("initiatives", "initiatives"),),
    "envelopes": (("council", "councils"),),
    "requests": (("initiative", "initiatives"), ("council", "councils")),
}
SHIFT_REFERENCES = (("locality", "localities"), ("centre", "centres"))
HOLDS_A_PLACE = ("confirmed", "attended", "no_show")
PARTY_KINDS = {"council": "councils", "centre": "centres", "organisation": "organisations", "country": "countries"}


def file_of(kind: str) -> str:
    """The file a kind of record is written in."""
    return "budgets.yaml" if kind in ("envelopes", "requests") else f"{kind}.yaml"


def label_of(record) -> str:
    """A valid record's name in messages (the same as reading.record_label gives)."""
    for name in ("key", "code", "file"):
        if hasattr(record, name):
            return getattr(record, name)
    return f"{record.council} {record.year}"


def check_across_files(seeds: SeedSet) -> list[Problem]:
    """Every problem that needs more than one record to see."""
    checks = (_unique_labels, _references, _provenance, _unique_places, _unique_people, _centres_fit_councils, _shifts_fit,
              _signups_fit, _logged_hours_fit, _requirements_fit, _initiatives_fit_their_dates, _requests_fit,
              _amounts_fit_currencies)
    return [problem for check in checks for problem in check(seeds)]


def _unique_labels(seeds: SeedSet) -> Iterator[Problem]:
    for kind, labels in seeds.labels.items():
        for label, count in Counter(labels).items():
            if count > 1:
                yield Problem(file_of(kind), label, f"appears {count} times; keys must be unique in a file")


def _references(seeds: SeedSet) -> Iterator[Problem]:
    known = {kind: set(labels) for kind, labels in seeds.labels.items()}
    known |= {kind: _Anything() for kind in seeds.unreadable}  # its own problem is reported already
    for kind, fields in REFERENCES.items():
        for record in seeds.records.get(kind, []):
            yield from _named(record, fields, known, kind, label_of(record), "")
            for shift in getattr(record, "shifts", []):
                yield from _named(shift, SHIFT_REFERENCES, known, kind, label_of(record), f"shifts[{shift.key}].")
            for number, party in enumerate(getattr(record, "parties", []), start=1):
                where = f"parties[#{number}]."
                yield from _named(party, ((party.kind, PARTY_KINDS[party.kind]),), known, kind, record.key, where)
            yield from _repeated_parties(record, kind)


def _named(record, fields, known, kind: str, label: str, prefix: str) -> Iterator[Problem]:
    """Problems with the keys one record names: missing targets and repeats within a list."""
    for name, target in fields:
        value = getattr(record, name)
        values = value if isinstance(value, list) else [] if value is None else [value]
        for repeated in sorted(key for key, count in Counter(values).items() if count > 1):
            yield Problem(file_of(kind), label, f"{prefix}{name}: {repeated!r} is listed twice")
        for key in values:
            if target and key not in known.get(target, set()):
                yield Problem(file_of(kind), label, f"{prefix}{name}: no {target} record has the key {key!r}")


class _Anything:
    """Stands for the keys of a file that could not be read, so references to it raise no second alarm."""

    def __contains__(self, _key) -> bool:
        return True


def _repeated_parties(record, kind: str) -> Iterator[Problem]:
    parties = Counter((party.kind, party.key) for party in getattr(record, "parties", []))
    for (party_kind, key), count in parties.items():
        if count > 1:
            yield Problem(file_of(kind), record.key, f"parties: {party_kind} {key!r} is a party twice")


def _provenance(seeds: SeedSet) -> Iterator[Problem]:
    headings = {doc.file: {section.strip() for section in doc.sections} for doc in seeds.records.get("sources", [])}
    for kind, records in seeds.records.items():
        for record in records if kind not in ("sources", "volunteers") else []:  # made-up people cite nothing
            document, section = record.source.document, record.source.section.strip()
            if document not in headings:
                yield Problem(file_of(kind), label_of(record), f"source document {document!r} is not in sources.yaml")
            elif section not in headings[document]:
                yield Problem(file_of(kind), label_of(record),
                              f"source section {section!r} is not a heading of {document} in sources.yaml")


def _unique_places(seeds: SeedSet) -> Iterator[Problem]:
    names = Counter((place.country, place.name) for place in seeds.records.get("localities", []))
    for (country, name), count in names.items():
        if count > 1:
            yield Problem("localities.yaml", name, f"{count} localities in {country} share this name")


def _unique_people(seeds: SeedSet) -> Iterator[Problem]:
    addresses = Counter(person.email.strip().lower() for person in seeds.records.get("volunteers", []))
    for address, count in addresses.items():
        if count > 1:
            yield Problem("volunteers.yaml", address, f"{count} volunteers share this e-mail address")


def _centres_fit_councils(seeds: SeedSet) -> Iterator[Problem]:
    places, councils = seeds.by_key("localities"), seeds.by_key("councils")
    for centre in seeds.records.get("centres", []):
        council = councils.get(centre.council)
        if council is None or centre.locality not in places or council.locality not in places:
            continue
        if places[centre.locality].country != places[council.locality].country:
            yield Problem("centres.yaml", centre.key, f"council {council.key!r} is in another country")


def _shifts_fit(seeds: SeedSet) -> Iterator[Problem]:
    centres = seeds.by_key("centres")
    for programme in seeds.records.get("programmes", []):
        for key, count in Counter(shift.key for shift in programme.shifts).items():
            if count > 1:
                yield Problem("programmes.yaml", programme.key, f"shift key {key!r} appears {count} times")
        for shift in programme.shifts:
            centre = centres.get(shift.centre)
            if centre is not None and centre.locality != shift.locality:
                yield Problem("programmes.yaml", programme.key,
                              f"shifts[{shift.key}]: centre {centre.key!r} is not in locality {shift.locality!r}")


def _shift_instants(seeds: SeedSet) -> Iterator[tuple[str, object, datetime, datetime]]:
    """(programme key, shift, start, end) for every shift whose locality is known, as UTC instants."""
    places = seeds.by_key("localities")
    for programme in seeds.records.get("programmes", []):
        for shift in programme.shifts:
            if shift.locality in places:
                zone = ZoneInfo(places[shift.locality].timezone)
                yield (programme.key, shift, shift.starts_at.replace(tzinfo=zone).astimezone(UTC),
                       shift.ends_at.replace(tzinfo=zone).astimezone(UTC))


def _signups_fit(seeds: SeedSet) -> Iterator[Problem]:
    """Demo sign-ups: known people, once a shift, at the right time, within the places, never overlapping."""
    people = set(seeds.labels.get("volunteers", [])) if "volunteers" not in seeds.unreadable else _Anything()
    booked: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for programme, shift, starts_at, ends_at in _shift_instants(seeds):
        where = f"shifts[{shift.key}]"
        for problem in _signups_of_one_shift(shift, starts_at, ends_at, seeds.now, people):
            yield Problem("programmes.yaml", programme, f"{where}: {problem}")
        for signup in shift.signups:
            if signup.status in HOLDS_A_PLACE:
                booked[signup.volunteer].append((starts_at, ends_at, f"{programme} {where}"))
    for person, shifts in booked.items():
        shifts.sort()
        for (_, first_end, first), (second_start, _, second) in zip(shifts, shifts[1:]):
            if second_start < first_end:
                yield Problem("volunteers.yaml", person, f"booked on two overlapping shifts: {first} and {second}")


def _requirements_fit(seeds: SeedSet) -> Iterator[Problem]:
    """Those recorded as having what a programme asks are known people."""
    people = set(seeds.labels.get("volunteers", [])) if "volunteers" not in seeds.unreadable else _Anything()
    for programme in seeds.records.get("programmes", []):
        for requirement in programme.requirements:
            for key in requirement.met_by:
                if key not in people:
                    yield Problem("programmes.yaml", programme.key,
                                  f"requirements: no volunteers record has the key {key!r}")


def _logged_hours_fit(seeds: SeedSet) -> Iterator[Problem]:
    """Demo hours logged outside the shifts: known people, on a day already past at the load."""
    people = set(seeds.labels.get("volunteers", [])) if "volunteers" not in seeds.unreadable else _Anything()
    load_day = seeds.now.astimezone(UTC).date()
    for programme in seeds.records.get("programmes", []):
        for entry in programme.logged_hours:
            if entry.volunteer not in people:
                yield Problem("programmes.yaml", programme.key,
                              f"logged_hours: no volunteers record has the key {entry.volunteer!r}")
            if entry.worked_on >= load_day:
                yield Problem("programmes.yaml", programme.key,
                              f"logged_hours: {entry.worked_on} is not before the load day")


def _signups_of_one_shift(shift, starts_at: datetime, ends_at: datetime, now: datetime, people) -> Iterator[str]:
    for key, count in Counter(signup.volunteer for signup in shift.signups).items():
        if key not in people:
            yield f"signups: no volunteers record has the key {key!r}"
        if count > 1:
            yield f"signups: {key!r} is signed up twice"
    for signup in shift.signups:
        if signup.status in ("attended", "no_show") and ends_at > now:
            yield f"signups: {signup.volunteer!r} is {signup.status} on a shift that has not ended at the load"
        if signup.status in ("confirmed", "waitlisted") and starts_at <= now:
            yield f"signups: {signup.volunteer!r} is {signup.status} on a shift that has started at the load"
    holders = sum(signup.status in HOLDS_A_PLACE for signup in shift.signups)
    if holders > shift.capacity:
        yield f"signups: {holders} sign-ups hold a place but the shift has {shift.capacity}"
    if holders < shift.capacity and any(signup.status == "waitlisted" for signup in shift.signups):
        yield "signups: someone waits although the shift has places left"


def _initiatives_fit_their_dates(seeds: SeedSet) -> Iterator[Problem]:
    """A draft or published initiative has not ended yet at the load (an ended one is archived)."""
    today = seeds.now.astimezone(UTC).date()
    for initiative in seeds.records.get("initiatives", []):
        if initiative.status is not InitiativeStatus.ARCHIVED and initiative.ends_on and initiative.ends_on < today:
            yield Problem("initiatives.yaml", initiative.key,
                          f"is {initiative.status.value} but ends before the load day ({initiative.ends_on})")


def _requests_fit(seeds: SeedSet) -> Iterator[Problem]:
    initiatives = seeds.by_key("initiatives")
    envelopes = {(envelope.council, envelope.year): envelope for envelope in seeds.records.get("envelopes", [])}
    granted: dict[tuple, Decimal] = defaultdict(Decimal)
    for request in seeds.records.get("requests", []):
        initiative = initiatives.get(request.initiative)
        if initiative is not None and initiative.council != request.council:
            yield Problem("budgets.yaml", request.key, f"council {request.council!r} is not the initiative's council "
                                                       f"{initiative.council!r}")
        if (request.council, request.year) not in envelopes:
            yield Problem("budgets.yaml", request.key, f"no envelope for {request.council!r} in {request.year}")
        yield from _request_amounts_fit(request, _currency_of(seeds, request.council))
        if request.decision is not None and request.decision.amount is not None:
            granted[(request.council, request.year)] += request.decision.amount
    for council_year, total in granted.items():
        envelope = envelopes.get(council_year)
        if envelope is not None and total > envelope.amount:
            yield Problem("budgets.yaml", label_of(envelope),
                          f"approved amounts ({total}) exceed the envelope ({envelope.amount})")


def _currency_of(seeds: SeedSet, council_key: str) -> str | None:
    council = seeds.by_key("councils").get(council_key)
    return council.currency if council is not None else None


def _amounts_fit_currencies(seeds: SeedSet) -> Iterator[Problem]:
    """Every envelope is written in its council's own minor units (three places for JOD, none for JPY)."""
    for envelope in seeds.records.get("envelopes", []):
        currency = _currency_of(seeds, envelope.council)
        if currency and not fits_currency(envelope.amount, currency):
            yield Problem("budgets.yaml", label_of(envelope),
                          f"amount {envelope.amount} has more decimal places than {currency} has "
                          f"({minor_digits(currency)})")


def _request_amounts_fit(request, currency: str | None) -> Iterator[Problem]:
    """Unit costs and the decided amount fit the currency; an approval grants the items' total."""
    if currency is None:
        return
    item_problems = list(_item_amounts_fit(request, currency))
    yield from item_problems
    decision = request.decision
    if item_problems or decision is None or decision.amount is None:  # no knock-on alarm about the total
        return
    total = request.total_in(currency)
    if not fits_currency(decision.amount, currency):
        yield Problem("budgets.yaml", request.key, f"decision amount {decision.amount} has more decimal places than "
                                                   f"{currency} has ({minor_digits(currency)})")
    elif decision.outcome is DecisionOutcome.APPROVED and decision.amount != total:
        yield Problem("budgets.yaml", request.key, f"approved amount {decision.amount} differs from the items' "
                                                   f"total {total}")
    elif decision.outcome is DecisionOutcome.PARTIALLY_APPROVED and not 0 < decision.amount < total:
        yield Problem("budgets.yaml", request.key, f"partially approved amount {decision.amount} must be above 0 "
                                                   f"and below {total}")


def _item_amounts_fit(request, currency: str) -> Iterator[Problem]:
    for position, item in enumerate(request.items, start=1):
        if not fits_currency(item.unit_cost, currency):
            yield Problem("budgets.yaml", request.key, f"item {position}: unit cost {item.unit_cost} has more decimal "
                                                       f"places than {currency} has ({minor_digits(currency)})")
        if item.quantity != to_quantity(item.quantity):
            yield Problem("budgets.yaml", request.key, f"item {position}: a quantity has at most two decimal places")
