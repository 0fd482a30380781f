"""Panels one feature shows on another feature's page, computed by that page's view.

A feature registers a panel for a page ("council", "initiative" …) with its template and a
function that computes what the template shows; create_app wires every panel in one place.
The page's view calls `panels_for`, so templates never query.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app


@dataclass(frozen=True)
class Panel:
    """A template of one feature, and the function that gives it its values for a record."""

    template: str
    compute: Callable[[Any], dict]


def register(app: Flask, page: str, template: str, compute: Callable[[Any], dict]) -> None:
    """Show this panel on every page of that name."""
    app.extensions.setdefault("planner.panels", {}).setdefault(page, []).append(Panel(template, compute))


def panels_for(page: str, record) -> list[tuple[str, dict]]:
    """Each panel of the page as (template, values), computed now, for the view to pass to its template."""
    panels = current_app.extensions.get("planner.panels", {}).get(page, [])
    return [(panel.template, panel.compute(record)) for panel in panels]
