"""Every model, imported once so that the mapper and Alembic see the whole schema."""
from planner.accounts.models import (  # noqa: F401
    AccountToken,
    CouncilInvitation,
    LoginSession,
    RecoveryCode,
    RoleGrant,
    User,
)
from planner.audit.models import AuditEvent  # noqa: F401
from planner.budgets.models import (  # noqa: F401
    BudgetEnvelope,
    BudgetRequest,
    Decision,
    LineItem,
    Recusal,
    RequestVersion,
    ReviewComment,
    Vote,
)
from planner.centres.models import Centre  # noqa: F401
from planner.councils.models import Council  # noqa: F401
from planner.db import Base
from planner.directory.models import SearchEntry  # noqa: F401
from planner.initiatives.models import Initiative  # noqa: F401
from planner.notifications.models import Notification  # noqa: F401
from planner.organisations.models import Organisation  # noqa: F401
from planner.partnerships.models import Partnership, PartnershipParty  # noqa: F401
from planner.places.models import Country, Locality  # noqa: F401
from planner.provenance import SourceDocument  # noqa: F401
from planner.translated import OutdatedText  # noqa: F401
from planner.vocab.models import Audience, Service, Skill, Theme  # noqa: F401
from planner.volunteering.models import Certificate, Programme, Shift, ShiftReminder, ShiftSeries, Signup  # noqa: F401
