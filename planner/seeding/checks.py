"""Checks across records and files: unique keys, references, provenance, and the rules that join records."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal

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
    checks = (_unique_labels, _references, _provenance, _unique_places, _centres_fit_councils, _shifts_fit,
              _requests_fit)
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
        for record in records if kind != "sources" else []:
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
        if request.decision is not None and request.decision.amount is not None:
            granted[(request.council, request.year)] += request.decision.amount
    for council_year, total in granted.items():
        envelope = envelopes.get(council_year)
        if envelope is not None and total > envelope.amount:
            yield Problem("budgets.yaml", label_of(envelope),
                          f"approved amounts ({total}) exceed the envelope ({envelope.amount})")
