"""GitHub capture: a linked account's merged pull requests and closed issues become
evidence drafts, from the webhook as they happen and from a backfill of the past."""
