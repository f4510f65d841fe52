from promo.models.audit import AppendOnlyError, AuditEntry
from promo.models.candidacy import Candidacy, Gap, Submission
from promo.models.checkins import ImpactCheckIn
from promo.models.ladder import Criterion, Expectation, Ladder, LadderChange, Level
from promo.models.nudges import (
    Notification,
    NudgeClaim,
    NudgePreference,
    NudgeSettings,
    NudgeThreshold,
)
from promo.models.org import MentorAssignment, Team, User
from promo.models.sign_on import SignOnSettings
from promo.models.snapshots import (
    ReadinessMonth,
    ReadinessSnapshot,
    ReadinessStatus,
    SnapshotRefreshRequest,
)
from promo.models.system import Heartbeat

__all__ = [
    "Candidacy",
    "AppendOnlyError",
    "AuditEntry",
    "Criterion",
    "Expectation",
    "Gap",
    "Heartbeat",
    "ImpactCheckIn",
    "Ladder",
    "LadderChange",
    "Level",
    "MentorAssignment",
    "Submission",
    "SignOnSettings",
    "ReadinessMonth",
    "ReadinessSnapshot",
    "ReadinessStatus",
    "SnapshotRefreshRequest",
    "Notification",
    "NudgeClaim",
    "NudgePreference",
    "NudgeSettings",
    "NudgeThreshold",
    "Team",
    "User",
]
