"""A broken Celery broker for tests: refused, or accepting TCP and never answering.

Only publishing is pointed at it (`broker_write_url`), so a worker keeps consuming from
the real broker; `restore_broker` points publishing back at the real one."""

import socket
import threading
from contextlib import contextmanager

from django.conf import settings

from promo.celery import app
from promo.web import breaker


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BlackHole:
    """A TCP port on loopback that accepts connections and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def restore_broker(*, forget_outage=True):
    """Point publishing back at the real broker. The app's connection and producer pools
    remember the broker they first reached, so they are dropped too; otherwise every later
    publish in this test process would still go to the broken address. The broker breaker
    is closed too, as the next test's fresh process would find it, unless the test is
    about what happens after an outage (`forget_outage=False`)."""
    app.conf.broker_write_url = None
    app._pool = None
    app.amqp._producer_pool = None
    if forget_outage:
        breaker.broker.close()


def break_broker(kind):
    """Point publishing at a `kind` ("refused" or "black-holed") broker; returns the
    BlackHole to close afterwards, if any. The broker breaker starts closed, so the test
    sees the first publish pay its timeout."""
    breaker.broker.close()
    if kind == "refused":
        app.conf.broker_write_url = f"redis://127.0.0.1:{free_port()}/0"
        return None
    hole = BlackHole()
    app.conf.broker_write_url = f"redis://127.0.0.1:{hole.port}/0"
    return hole


def every_task_to_the_default_queue(name, args, kwargs, options, task=None, **kw):
    """Tests' router: each test process (and many a test) renames the default queue to one
    of its own, so leftover or parallel runs never meet; every task follows it there.
    Tests of the routing itself use `production_routes` instead."""
    return {"queue": app.conf.task_default_queue}


def set_routes(routes):
    """Install `routes`; Celery caches its router at first use, so it is rebuilt too."""
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()


def install_production_routes(prefix):
    """Route tasks as settings.CELERY_TASK_ROUTES does, to queues named after `prefix`
    (the default queue is `prefix` itself); returns {production name: this test's name}."""
    names = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    queues = {"celery": prefix, **{name: f"{prefix}-{name}" for name in sorted(names)}}
    app.conf.task_default_queue = prefix
    set_routes(
        {
            task: {"queue": queues[route["queue"]]}
            for task, route in settings.CELERY_TASK_ROUTES.items()
        }
    )
    return queues


@contextmanager
def production_routes(prefix):
    """`install_production_routes` for the duration of a test."""
    previous_routes, previous_default = app.conf.task_routes, app.conf.task_default_queue
    try:
        yield install_production_routes(prefix)
    finally:
        app.conf.task_default_queue = previous_default
        set_routes(previous_routes)
