"""Which level a person is working towards."""


def target_level_for(person):
    """The level a person's evidence is judged against: the next level up from where
    they are now. (An open candidacy, once candidacies exist, names its own target.)"""
    if person.level_id is None:
        return None
    return person.level.next_level()
