"""Promotion cycles: committees per target level, nominations with their frozen packets,
members' votes, the committee's decisions and their release.

- models.py: Cycle, Committee, Nomination (the packet lives on it as frozen JSON), Vote
- packets.py: what a packet freezes at nomination (doc, readiness, verdicts, check-ins,
  confirmations, gaps, endorsement)
- access.py: who sees a cycle, a committee's grid and a packet, who votes and decides
- services.py: open, move, nominate, vote, decide, release; checks.py: calibration checks
- grid.py: the calibration grid's rows; history.py: a candidacy's cycles
"""
