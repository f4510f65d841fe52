"""Which level a person is working towards."""

from promo.candidacies.models import Candidacy
from promo.candidacies.queries import open_candidacy_for
from promo.ladders.models import Level


def target_level_for(person):
    """The level a person's evidence is judged against: the target of their open
    candidacy when they have one, else the next level up from where they are now."""
    candidacy = open_candidacy_for(person)
    if candidacy is not None:
        return candidacy.target_level
    return next_level_for(person)


def next_level_for(person):
    """The level above the person's own: their target when they have no open candidacy
    (for a caller that has looked that up already). None without a level or at the top."""
    if person.level_id is None:
        return None
    return person.level.next_level()


def target_ladder_sql(person):
    """(sql, params): the ladder of target_level_for(person), as one scalar subquery (NULL
    when they have no target): their open candidacy's target level's ladder, else their
    own level's ladder when it has a level above theirs. For a query to filter by in the
    database, without fetching the candidacy and the next level first."""
    candidacy, level = Candidacy._meta.db_table, Level._meta.db_table
    statuses = ", ".join(["%s"] * len(Candidacy.OPEN_STATUSES))
    sql = f"""SELECT COALESCE(
        (SELECT t.ladder_id FROM {candidacy} c JOIN {level} t ON t.id = c.target_level_id
         WHERE c.person_id = %s AND c.status IN ({statuses})),
        (SELECT own.ladder_id FROM {level} own WHERE own.id = %s AND EXISTS (
            SELECT 1 FROM {level} up
            WHERE up.ladder_id = own.ladder_id AND up.position > own.position)))
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    return sql, [person.pk, *Candidacy.OPEN_STATUSES, person.level_id]
