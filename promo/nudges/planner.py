"""The set-based planner: one INSERT ... SELECT per kind, unique on (person, kind, period).

Nothing here loops over people in Python. Time zones are the one thing SQLite cannot
compute, so the planner works out, in Python, what "now" means in each time zone that
people actually use (a few dozen rows), and hands that to the SQL as a VALUES table.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from promo.models import NudgeClaim, NudgePreference, NudgeSettings, User
from promo.nudges import outbox
from promo.nudges.registry import KINDS, threshold_values

ZONE_COLUMNS = "tz, local_date, weekday, local_hour, week_start, week"
# Per hash join of the planning transaction (PostgreSQL grants hash joins twice this).
PLANNING_WORK_MEM = "64MB"


@dataclass(frozen=True)
class Planning:
    """What one planning run knows: the time, the zones in use and the thresholds."""

    now: datetime
    zones: list
    thresholds: dict

    def zones_cte(self):
        ops = connection.ops
        rows, params = [], []
        for zone in self.zones:
            rows.append("(%s, %s, %s, %s, %s, %s)")
            params += [
                zone["tz"],
                ops.adapt_datefield_value(zone["local_date"]),
                zone["weekday"],
                zone["local_hour"],
                ops.adapt_datetimefield_value(zone["week_start"]),
                zone["week"],
            ]
        return f"zones({ZONE_COLUMNS}) AS (VALUES {', '.join(rows)})", params

    def dt(self, value):
        return connection.ops.adapt_datetimefield_value(value)

    @property
    def earliest_week_start(self):
        """The earliest local Monday 00:00 among the zones: a constant bound that lets the
        database discard old rows before it joins them per zone."""
        return min(zone["week_start"] for zone in self.zones)

    @property
    def week_claims_since(self):
        """No claim of any zone's current week was made before this: the earliest local
        Monday, less a day for a zone further east than any in use now (UTC+14 at most)."""
        return self.earliest_week_start - timedelta(days=1)


def local_clock(tz_name, now):
    """Today, the weekday, the hour, the start of the ISO week and its label, in `tz_name`."""
    local = now.astimezone(zoneinfo.ZoneInfo(tz_name))
    monday = local.date() - timedelta(days=local.weekday())
    week_start = datetime.combine(monday, time.min, tzinfo=local.tzinfo)
    iso = local.isocalendar()
    return {
        "tz": tz_name,
        "local_date": local.date(),
        "weekday": local.weekday(),
        "local_hour": local.hour,
        "week_start": week_start.astimezone(zoneinfo.ZoneInfo("UTC")),
        "week": f"{iso.year}-W{iso.week:02d}",
    }


def planning_for(now=None, *, person_ids=None):
    """The planning for everyone, or only for the zones of `person_ids` (an event)."""
    now = now or timezone.now()
    people = User.objects.filter(is_active=True)
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    names = people.order_by().values_list("time_zone", flat=True).distinct()
    valid = zoneinfo.available_timezones()
    zones = [local_clock(name, now) for name in names if name in valid]
    return Planning(now=now, zones=zones, thresholds=threshold_values())


def _claim_statement(kind, planning, event=None, *, on_conflict=None):
    """One INSERT ... SELECT over every person, with the kind's conditions in the WHERE.

    Everyone's own choices apply to every kind here: active, not unsubscribed, at least
    one channel on, not in a quiet period today (their today), and, for "every other
    week", nothing of the kind in the last 13 days.

    A kind that says since when its period's claims exist (Due.claimed_since) leaves them
    out in the SELECT and inserts without ON CONFLICT (`on_conflict` False), unless asked
    to; any other kind relies on ON CONFLICT DO NOTHING alone.
    """
    due = kind.claim_sql(planning, **(event or {}))
    excluding = due.claimed_since is not None
    if on_conflict is None:
        on_conflict = not excluding
    zones_sql, zones_params = planning.zones_cte()
    table = connection.ops.quote_name(NudgeClaim._meta.db_table)
    this_period = ""
    if excluding:
        # A hash anti-join against this period's claims, found through the BRIN index on
        # created_at: it reads the claims made since then, never the whole history.
        this_period = f"""AND NOT EXISTS (
                SELECT 1 FROM {table} c
                WHERE c.person_id = u.id AND c.kind = %s AND c.period = {due.period}
                  AND c.created_at >= %s)"""  # noqa: S608 - as below
    sql = f"""
        WITH {zones_sql}
        INSERT INTO {table} (person_id, kind, period, status, attempts, created_at,
                             enqueued_at, not_before, emailed, last_error)
        SELECT u.id, %s, {due.period}, %s, 0, %s, %s, %s, %s, ''
        FROM {User._meta.db_table} u
        JOIN zones z ON z.tz = u.time_zone
        LEFT JOIN {NudgeSettings._meta.db_table} s ON s.person_id = u.id
        LEFT JOIN {NudgePreference._meta.db_table} p ON p.person_id = u.id AND p.kind = %s
        {due.joins}
        WHERE u.is_active
          AND NOT (s.quiet_from IS NOT NULL AND s.quiet_until IS NOT NULL
                   AND z.local_date BETWEEN s.quiet_from AND s.quiet_until)
          AND (p.id IS NULL OR (p.unsubscribed_at IS NULL AND (p.email OR p.in_app)))
          AND (p.id IS NULL OR p.frequency <> %s OR NOT EXISTS (
                SELECT 1 FROM {table} r
                WHERE r.person_id = u.id AND r.kind = %s AND r.created_at > %s))
          {this_period}
          AND ({due.where})
        {"ON CONFLICT DO NOTHING" if on_conflict else ""}
        RETURNING id
    """  # noqa: S608 - names come from model _meta; every value is a parameter
    now = planning.dt(planning.now)
    params = [
        *zones_params,
        kind.key,
        NudgeClaim.Status.PENDING,
        now,
        now,
        now,
        False,
        kind.key,
        NudgePreference.Frequency.FORTNIGHTLY,
        kind.key,
        planning.dt(planning.now - timedelta(days=13)),
        *([kind.key, planning.dt(due.claimed_since)] if excluding else []),
        *due.params,
    ]
    return sql, params, on_conflict


def _insert(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def claim_due(kind, planning, event=None):
    """Claim every nudge of `kind` that is due; returns the new claim ids (0 on a re-run)."""
    if not planning.zones:
        return []
    sql, params, on_conflict = _claim_statement(kind, planning, event)
    if on_conflict:
        return _insert(sql, params)
    try:
        with transaction.atomic():
            return _insert(sql, params)
    except IntegrityError:
        # Another planner claimed some of these after this statement's snapshot (or a
        # claim of the period predates claimed_since): the unique index decides instead.
        sql, params, _ = _claim_statement(kind, planning, event, on_conflict=True)
        return _insert(sql, params)


def _prefer_hash_joins():
    # Per-person choices (COALESCE(chosen day, default) = local weekday, ...) make
    # PostgreSQL estimate ~1 due row, so it picks per-row nested loops: measured 4-5x
    # slower over 100k people than hash joins. Those hash joins hold every active person
    # (1M at company scale), more than the default work_mem, so they get room to stay in
    # memory. One statement for both; the settings end with the transaction.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_nestloop', 'off', true), "
                "set_config('work_mem', %s, true)",
                [PLANNING_WORK_MEM],
            )


def plan(*, now=None, kinds=None):
    """Claim what is due for every kind (or `kinds`), and publish delivery after commit.

    Returns {kind: number of new claims}. Safe to run twice or concurrently: the unique
    (person, kind, period) row lets exactly one run claim each nudge.
    """
    planning = planning_for(now)
    counts = {}
    with transaction.atomic():
        _prefer_hash_joins()
        claimed = []
        for key in kinds or [key for key, kind in KINDS.items() if kind.scheduled]:
            ids = claim_due(KINDS[key], planning)
            counts[key] = len(ids)
            claimed += ids
        if claimed:
            transaction.on_commit(lambda: outbox.publish_deliveries(claimed, probe=True))
    return counts


def claim_event(key, *, recipients, now=None, **event):
    """Claim the nudges of an event-driven kind for one event (e.g. reply, comment_id=...)
    with the same statement and the same preferences as the periodic plan; publish after
    commit. `recipients` are the ids of the people the event may nudge. Returns the new
    claim ids: none when the event was claimed already, so a retried request never sends
    twice. Runs inside the caller's transaction."""
    ids = claim_due(KINDS[key], planning_for(now, person_ids=recipients), event)
    if ids:
        transaction.on_commit(lambda: outbox.publish_deliveries(ids, probe=True))
    return ids
