"""Reading the seed folder: YAML syntax, then each record against its model, collecting every problem."""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from planner.seeding import schema
from planner.seeding.problems import Problem

WHOLE_FILE = "(whole file)"

# File stem → model of each record, in the order the records are loaded.
LIST_FILES: dict[str, type[BaseModel]] = {
    "sources": schema.SourceDocument,
    "countries": schema.Country,
    "themes": schema.Term,
    "services": schema.Term,
    "audiences": schema.Term,
    "skills": schema.Term,
    "localities": schema.Locality,
    "councils": schema.Council,
    "centres": schema.Centre,
    "organisations": schema.Organisation,
    "initiatives": schema.Initiative,
    "programmes": schema.Programme,
    "partnerships": schema.Partnership,
    "volunteers": schema.Person,
}
# budgets.yaml holds a mapping of two lists.
BUDGET_LISTS: dict[str, type[BaseModel]] = {"envelopes": schema.Envelope, "requests": schema.BudgetRequest}


@dataclass
class SeedSet:
    """The records that passed their own checks, by kind, and every label seen in the files.

    Relative dates ("in 3 days") were resolved against `now`, the instant the files were read for.
    """

    now: datetime
    records: dict[str, list] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # kinds whose file could not be read at all

    def by_key(self, kind: str, key_field: str = "key") -> dict:
        """The valid records of a kind, by their key."""
        return {getattr(record, key_field): record for record in self.records.get(kind, [])}


class UniqueFieldLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a field written twice in one mapping is an error."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"field {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_seed_folder(directory: Path, now: datetime) -> SeedSet:
    """Every seed file parsed and each record checked on its own, relative dates read as of `now`."""
    seeds = SeedSet(now)
    expected = {f"{stem}.yaml" for stem in (*LIST_FILES, "budgets")}
    for stray in sorted(path.name for path in directory.glob("*.y*ml") if path.name not in expected):
        seeds.problems.append(Problem(stray, WHOLE_FILE, "not a seed file the loader knows; rename or remove it"))
    for stem, model in LIST_FILES.items():
        data = _read_yaml(directory / f"{stem}.yaml", seeds.problems)
        if data is None:
            seeds.unreadable.add(stem)
        else:
            _read_list(f"{stem}.yaml", stem, data, model, seeds)
    budgets = _read_yaml(directory / "budgets.yaml", seeds.problems)
    if budgets is None:
        seeds.unreadable.update(BUDGET_LISTS)
    else:
        _read_budgets(budgets, seeds)
    return seeds


def _read_yaml(path: Path, problems: list[Problem]):
    """The file's YAML data, or None after noting why it cannot be read."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueFieldLoader)  # noqa: S506 - a safe loader
        if data is None:
            problems.append(Problem(path.name, WHOLE_FILE, "the file is empty (write [] for no records)"))
        return data
    except FileNotFoundError:
        problems.append(Problem(path.name, WHOLE_FILE, "the file is missing"))
    except UnicodeDecodeError as error:
        problems.append(Problem(path.name, f"byte {error.start}", "the file is not UTF-8 text"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_FILE
        reason = ": ".join(part for part in (getattr(error, "context", None), getattr(error, "problem", None)) if part)
        problems.append(Problem(path.name, where, f"YAML syntax error: {reason or error}"))
    return None


def _read_budgets(data, seeds: SeedSet) -> None:
    if not isinstance(data, dict):
        seeds.problems.append(Problem("budgets.yaml", WHOLE_FILE, "must be a mapping with envelopes and requests"))
        return
    for name in sorted(set(data) - set(BUDGET_LISTS), key=str):
        seeds.problems.append(Problem("budgets.yaml", WHOLE_FILE, f"unknown list {name!r}"))
    for name, model in BUDGET_LISTS.items():
        _read_list("budgets.yaml", name, data.get(name, []), model, seeds)


def _read_list(file: str, kind: str, data, model: type[BaseModel], seeds: SeedSet) -> None:
    """Validate each record of one list; keep the good ones and the label of every one."""
    records, labels = seeds.records.setdefault(kind, []), seeds.labels.setdefault(kind, [])
    if not isinstance(data, list):
        seeds.problems.append(Problem(file, WHOLE_FILE, f"{kind} must be a list of records"))
        return
    for index, raw in enumerate(data):
        label = record_label(raw, index)
        labels.append(label)
        if not isinstance(raw, dict):
            seeds.problems.append(Problem(file, label, "a record must be a mapping of fields"))
            continue
        try:
            records.append(model.model_validate(raw, context={"now": seeds.now}))
        except ValidationError as error:
            seeds.problems.extend(Problem(file, label, describe(detail, raw)) for detail in error.errors())


def record_label(raw, index: int) -> str:
    """How a record is named in messages: its key, code or file, else its position."""
    if isinstance(raw, dict):
        for name in ("key", "code", "file"):
            if isinstance(raw.get(name), str):
                return raw[name]
        if "council" in raw and "year" in raw:
            return f"{raw['council']} {raw['year']}"
    return f"record {index + 1}"


def describe(detail: dict, raw: dict) -> str:
    """One pydantic error as a short sentence naming the field."""
    where = _path(detail["loc"], raw)
    if detail["type"] == "extra_forbidden":
        return f"unknown field {where!r}"
    if detail["type"] == "missing":
        return f"missing field {where!r}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _path(loc: tuple, raw) -> str:
    """A field path such as shifts[walk-dec-10].ends_at (list entries named by their key)."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = item.get("key") if isinstance(item, dict) and isinstance(item.get("key"), str) else f"#{part + 1}"
            parts.append(f"[{name}]")
            node = item
        else:
            parts.append(f".{part}" if parts else str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)
