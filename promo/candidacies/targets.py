"""Which level a person is working towards."""

from promo.candidacies.queries import open_candidacy_for


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
