from promo.models.ladder import Criterion, Expectation, Ladder, Level
from promo.models.nudges import (
    Notification,
    NudgeClaim,
    NudgePreference,
    NudgeSettings,
    NudgeThreshold,
)
from promo.models.org import MentorAssignment, Team, User
from promo.models.system import Heartbeat

__all__ = [
    "Criterion",
    "Expectation",
    "Heartbeat",
    "Ladder",
    "Level",
    "MentorAssignment",
    "Notification",
    "NudgeClaim",
    "NudgePreference",
    "NudgeSettings",
    "NudgeThreshold",
    "Team",
    "User",
]
