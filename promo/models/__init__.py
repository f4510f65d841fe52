from promo.accounts.models import Invitation, SignOnSettings
from promo.api.models import ApiToken, IdempotencyKey
from promo.attestations.models import Attestation
from promo.audit.models import AppendOnlyError, AuditEntry
from promo.candidacies.models import Candidacy, Gap, Submission
from promo.committees.models import Committee, Cycle, Nomination, Vote
from promo.dashboards.models import (
    ReadinessMonth,
    ReadinessSnapshot,
    ReadinessStatus,
    SnapshotRefreshRequest,
)
from promo.integrations.bragdoc.models import ImportedWin
from promo.integrations.calendar.models import CalendarFeed
from promo.integrations.github.models import (
    GitHubBackfill,
    GitHubDelivery,
    GitHubItem,
    GitHubLink,
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
from promo.portability.models import PersonalExport
from promo.pulses.models import Pulse, PulseRecipient
from promo.readiness.checkins.models import ImpactCheckIn
from promo.web.models import FactsVersion, Heartbeat

__all__ = [
    "ApiToken",
    "IdempotencyKey",
    "CalendarFeed",
    "Pulse",
    "PulseRecipient",
    "Attestation",
    "Candidacy",
    "Committee",
    "Cycle",
    "Nomination",
    "Vote",
    "AppendOnlyError",
    "AuditEntry",
    "Criterion",
    "Expectation",
    "Gap",
    "GitHubBackfill",
    "GitHubDelivery",
    "GitHubItem",
    "GitHubLink",
    "FactsVersion",
    "Heartbeat",
    "ImportedWin",
    "ImpactCheckIn",
    "Ladder",
    "LadderChange",
    "Level",
    "MentorAssignment",
    "PersonalExport",
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
