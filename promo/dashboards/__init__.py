"""Manager readiness dashboards.

- snapshots.py: `snapshot_refresh(person_id=...)` computes a person's readiness for the
  manager audience with the readiness code and stores it; `snapshots_refresh_all()`
- refresh.py: requests a person's refresh after commit when a service says their facts
  changed (promo.web.readiness_changed); outbox.py carries those requests to the worker
- rows.py: each row's HTML, cached under a digest of what ROW_INPUTS says it shows
- team.py: the dashboard's rows, filters, chart and CSV, read in a constant number of queries
"""
