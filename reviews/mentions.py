"""@mentions in comments: a member is mentioned by `@` and their email or first name."""

import re

MENTION_RE = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mentioned_members(body, members):
    """The members named in `body`. Names of people outside the round mention nobody."""
    tokens = {match.group(1).rstrip(".").lower() for match in MENTION_RE.finditer(body)}
    found = {}
    for member in members:
        names = {member.email.lower(), member.get_short_name().lower()}
        if tokens & names:
            found[member.pk] = member
    return list(found.values())
