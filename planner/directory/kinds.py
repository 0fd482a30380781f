"""The six kinds of directory record: their models, addresses and names on the page.

Each kind has a list at `/<plural>` (endpoint `directory.<plural>`) and a detail page at
`/<plural>/<id-or-slug>` (endpoint `directory.<singular>`). The slug "new" is reserved: other
features serve `/<plural>/new` (a create form), so no record may take it as its slug.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation, OrganisationKind
from planner.partnerships.models import Partnership, PartnershipKind
from planner.volunteering.models import Programme

RESERVED_SLUGS = frozenset({"new"})


@dataclass(frozen=True)
class Kind:
    """One kind of directory record."""

    name: str  # as stored in SearchEntry.kind
    plural: str  # the list's path and endpoint
    model: type
    label: object  # lazy translated singular
    label_plural: object  # lazy translated plural

    @property
    def list_endpoint(self) -> str:
        """The endpoint of this kind's list."""
        return f"directory.{self.plural}"

    @property
    def title_field(self) -> str:
        """The field that names a record of this kind (its title or its name)."""
        return self.model.TRANSLATED[0]

    @property
    def detail_endpoint(self) -> str:
        """The endpoint of one record's page."""
        return f"directory.{self.name}"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("council", "councils", Council, _l("Council"), _l("Councils")),
        Kind("centre", "centres", Centre, _l("Community centre"), _l("Community centres")),
        Kind("organisation", "organisations", Organisation, _l("Organisation"), _l("Organisations")),
        Kind("initiative", "initiatives", Initiative, _l("Initiative"), _l("Initiatives")),
        Kind("programme", "programmes", Programme, _l("Volunteer programme"), _l("Volunteer programmes")),
        Kind("partnership", "partnerships", Partnership, _l("Partnership"), _l("Partnerships")),
    )
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.NONPROFIT: _l("Non-profit"),
    OrganisationKind.COOPERATIVE: _l("Cooperative society"),
    OrganisationKind.ENTERPRISE: _l("Enterprise"),
    OrganisationKind.INTERNATIONAL: _l("International body"),
    OrganisationKind.GOVERNMENT: _l("Government office"),
}

PARTNERSHIP_KIND_LABELS = {
    PartnershipKind.COOPERATIVE: _l("Cooperative"),
    PartnershipKind.FUNDING: _l("Funding"),
    PartnershipKind.IN_KIND: _l("In kind"),
    PartnershipKind.KNOWLEDGE_SHARING: _l("Knowledge sharing"),
    PartnershipKind.HUMANITARIAN: _l("Humanitarian"),
    PartnershipKind.INTERNATIONAL: _l("International"),
}
