from promo.accounts.models import Invitation, SignOnSettings
from promo.api.models import ApiToken
from promo.attestations.models import Attestation
from promo.audit.models import AppendOnlyError, AuditEntry
from promo.candidacies.models import Candidacy, Gap, Submission
from promo.dashboards.models import (
    ReadinessMonth,
    ReadinessSnapshot,
    ReadinessStatus,
    SnapshotRefreshRequest,
)
from promo.ladders.models import Criterion, Expectation, Ladder, LadderChange, Level
from promo.nudges.models import (
    Notification,
    NudgeClaim,
    NudgePreference,
    NudgeSettings,
    NudgeThreshold,
)
from promo.org.models import MentorAssignment, Team, User
from promo.readiness.checkins.models import ImpactCheckIn
from promo.web.models import Heartbeat

__all__ = [
    "ApiToken",
    "Attestation",
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
    "Invitation",
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
