from promo.pulses.services import pulse_answer, pulse_request
from tests.factories import engineer


def seniors(count, level="L6", first=1):
    """`count` engineers at `level` with no manager, outside everyone's chain: Senior
    <first>, Senior <first + 1>, ..."""
    return [
        engineer(level, display_name=f"Answerer {n}", email=f"answerer{n}@example.com")
        for n in range(first, first + count)
    ]


def ask(world, people=None, by=None):
    """The owner (or `by`) asks three seniors (or `people`) about the owner."""
    return pulse_request(
        person=world.owner,
        recipients=seniors(3) if people is None else people,
        by=by or world.owner,
    )


def answer(pulse, person, value="yes", sentence=""):
    recipient = pulse.recipients.get(person=person)
    return pulse_answer(recipient=recipient, answer=value, sentence=sentence, by=person)
