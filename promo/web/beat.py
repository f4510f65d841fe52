"""Beat as a singleton: two `celery beat` processes started by mistake must not send every
scheduled task twice.

The scheduler ticks only while it holds a lock. With Redis (production) the lock is a key
with an expiry (BEAT_LOCK_SECONDS) that the holder renews on every tick, so a beat whose
host dies or hangs frees the schedule within that time; a second beat retries every few
seconds and takes over. With no Redis (`python3 dev.py run`: filesystem broker, SQLite) it
is an flock on a file in PROMO_VAR_DIR, which the kernel releases when the process ends.
"""

import contextlib
import logging

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)


class RedisLock:
    """A Redis key held with a token of our own and an expiry; renewing checks the token,
    so a holder that stalled past the expiry learns it lost the lock instead of stealing
    it back from the beat that took over."""

    def __init__(self, url, name, seconds):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.lock = client.lock(name, timeout=seconds, blocking=False, thread_local=False)
        self.name = name

    def hold(self, held):
        """True when this process holds the lock now (taking it if free, renewing it if
        already ours)."""
        from redis.exceptions import LockError, RedisError

        try:
            if held:
                self.lock.reacquire()  # the expiry starts again, only if the token is ours
                return True
            return bool(self.lock.acquire())
        except LockError:
            return False
        except RedisError as error:
            logger.warning("beat lock %s: Redis unavailable (%s); not scheduling", self.name, error)
            return False

    def release(self):
        from redis.exceptions import LockError, RedisError

        # Expired or taken over already: nothing of ours to free.
        with contextlib.suppress(LockError, RedisError):
            self.lock.release()


class FileLock:
    """An exclusive flock on a file: free again the moment the holding process ends."""

    def __init__(self, path):
        self.path, self.file = path, None

    def hold(self, held):
        if held:
            return True
        try:
            import fcntl
        except ImportError:  # no flock (Windows): the single dev process is the singleton
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = open(self.path, "a")  # noqa: SIM115 - kept open while the lock is held
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.close()
            return False
        self.file = file
        return True

    def release(self):
        if self.file is not None:
            self.file.close()  # closing drops the flock
            self.file = None


def beat_lock(app):
    """The lock for this deployment's schedule. The schedule lives in the database, so the
    lock is named after it; `beat_lock_name` in Celery's config overrides that (tests run
    beats of their own side by side on one database)."""
    database = settings.DATABASES["default"]
    name = app.conf.get("beat_lock_name") or f"promo:beat-lock:{database['NAME']}"
    if settings.REDIS_URL:
        return RedisLock(settings.REDIS_URL, name, settings.BEAT_LOCK_SECONDS)
    return FileLock(settings.VAR_DIR / "celery" / "beat.lock")


class SingletonDatabaseScheduler(DatabaseScheduler):
    """django_celery_beat's DatabaseScheduler that ticks only while holding `beat_lock`.
    A beat without it logs once that it waits, then asks again every max_interval."""

    lock = None
    held = False
    said_waiting = False

    def tick(self, *args, **kwargs):
        if self.lock is None:
            self.lock = beat_lock(self.app)
        was_held, self.held = self.held, self.lock.hold(self.held)
        if not self.held:
            if was_held or not self.said_waiting:
                logger.warning("beat: another beat holds the schedule; waiting to take over")
                self.said_waiting = True
            return self.max_interval
        if not was_held:
            logger.warning("beat: holding the schedule lock; scheduling")
            # The beat that held it before saved when each task last ran (beat_sync_every
            # is 1): read the schedule again so nothing it sent goes out twice.
            self._initial_read = True
            self._heap = None
        # Come back before a third of the expiry passes, whatever the next task's time.
        return min(super().tick(*args, **kwargs), settings.BEAT_LOCK_SECONDS / 3)

    def close(self):
        try:
            super().close()
        finally:
            if self.lock is not None and self.held:
                self.lock.release()
                self.held = False
