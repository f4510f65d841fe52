from promo.models.candidacy import Candidacy, Gap, Submission
from promo.models.checkins import ImpactCheckIn
from promo.models.ladder import Criterion, Expectation, Ladder, LadderChange, Level
from promo.models.org import MentorAssignment, Team, User
from promo.models.system import Heartbeat

__all__ = [
    "Candidacy",
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
    "Team",
    "User",
]
