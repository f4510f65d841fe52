"""Observability: the request id and structured logs, Prometheus metrics, and the
database-derived gauges an operator alerts on (docs/monitoring.md)."""
