"""Manager readiness dashboards.

- snapshots.py: `snapshot_refresh(person_id=...)` computes a person's readiness for the
  manager audience with the readiness code and stores it; `snapshots_refresh_all()`
- refresh.py: signals that queue a person's refresh after commit when their facts change
- team.py: the dashboard's rows, filters, chart and CSV, read in a constant number of queries
"""
