"""gunicorn's hooks for promo's web processes: `gunicorn -c python:promo.gunicorn promo.wsgi`.

With PROMETHEUS_MULTIPROC_DIR set, every process writes its measurements to files named
after its pid in that folder, and a scrape adds up every file there. A file left by a
process that is gone (an earlier run of the server, a worker gunicorn replaced) would be
added to every scrape for ever, so the server removes those when it starts; and when a
worker exits, its live gauges stop counting (prometheus-client's mark_process_dead). Files
of processes still running, such as a Celery worker sharing the folder, are left alone.
"""

import os
from pathlib import Path


def _multiprocess_folder():
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(folder) if folder else None


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True


def remove_measurements_of_dead_processes(folder):
    """Delete the measurement files (`<kind>_<pid>.db`) of processes no longer running;
    returns how many."""
    removed = 0
    for path in folder.glob("*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def on_starting(server):
    folder = _multiprocess_folder()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        removed = remove_measurements_of_dead_processes(folder)
        server.log.info("metrics: removed %d files of processes no longer running", removed)


def child_exit(server, worker):
    if _multiprocess_folder() is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
