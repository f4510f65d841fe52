from promo.models.audit import AppendOnlyError, AuditEntry
from promo.models.ladder import Criterion, Expectation, Ladder, Level
from promo.models.org import MentorAssignment, Team, User
from promo.models.sign_on import SignOnSettings
from promo.models.system import Heartbeat

__all__ = [
    "AppendOnlyError",
    "AuditEntry",
    "Criterion",
    "Expectation",
    "Heartbeat",
    "Ladder",
    "Level",
    "MentorAssignment",
    "SignOnSettings",
    "Team",
    "User",
]
