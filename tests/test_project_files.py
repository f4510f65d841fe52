"""There is no Docker engine here, so docker-compose.yml is checked by reading it."""

import shlex
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
WORKERS = ("worker", "nudges", "email", "exports", "snapshots")
LONG_RUNNING = ("postgres", "redis", "lb", "web", *WORKERS, "beat")


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def _procfile(name):
    lines = (ROOT / name).read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_has_every_service_with_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(LONG_RUNNING) <= services.keys()
    for name in LONG_RUNNING:
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_compose_commands_match_the_procfile():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    procfile = _procfile("Procfile")
    for role in ("web", *WORKERS, "beat"):
        assert compose[role]["command"] == procfile[role]
    assert compose["migrate"]["command"] == procfile["release"]


def test_compose_uses_postgres_and_redis_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for role in ("web", *WORKERS, "beat", "migrate"):
        assert compose[role]["image"] == "promo:latest"
        assert compose[role]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert compose[role]["environment"]["REDIS_URL"].startswith("redis://")


def test_the_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nUSER promo\n" in dockerfile


def test_the_dev_procfile_runs_web_the_workers_and_beat():
    assert set(_procfile("Procfile.dev")) == {"web", *WORKERS, "beat"}


def _queues_of(command):
    [option] = [word for word in shlex.split(command) if word.startswith("--queues=")]
    return option.removeprefix("--queues=").split(",")


def test_each_queue_has_a_worker_of_its_own_everywhere():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed == {"nudges", "email", "exports", "snapshots"}
    for commands in (_procfile("Procfile"), _procfile("Procfile.dev"), _compose()):
        consumed = {
            role: _queues_of(
                commands[role] if isinstance(commands[role], str) else commands[role]["command"]
            )
            for role in WORKERS
        }
        assert consumed == {"worker": ["celery"], **{queue: [queue] for queue in routed}}


def test_every_queue_has_a_consumer_and_every_consumer_a_queue():
    """Counted over every celery worker in compose, whatever its role is called: a routed
    queue nobody consumes piles up silently, a consumed queue nothing routes to is a typo."""
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    queues = routed | {"celery"}  # the default queue keeps everything unrouted
    consumed = set()
    for service in _compose().values():
        command = service.get("command")
        if isinstance(command, str) and " worker " in command:
            consumed |= set(_queues_of(command))
    assert consumed == queues


def test_compose_runs_exactly_one_beat_and_no_worker_beats():
    compose = _compose()
    beats = [
        name for name, service in compose.items() if " beat" in str(service.get("command", ""))
    ]
    assert beats == ["beat"]
    assert compose["beat"]["deploy"]["replicas"] == 1
    for role in WORKERS:
        words = shlex.split(compose[role]["command"])
        assert "-B" not in words and "--beat" not in words, f"{role} embeds a beat"


def test_compose_scales_web_and_workers_and_restarts_every_long_running_service():
    compose = _compose()
    for name in LONG_RUNNING:
        assert compose[name]["restart"] in {"always", "unless-stopped"}, name
    assert compose["migrate"]["restart"] == "no"  # a one-off job: runs, exits, stays down
    for role in ("web", *WORKERS):
        assert compose[role]["deploy"]["replicas"] >= 1, role
    assert compose["web"]["deploy"]["replicas"] >= 2  # stateless: more than one, behind lb
    # Replicas cannot share a host port; only the load balancer publishes one.
    assert [name for name, service in compose.items() if "ports" in service] == ["lb"]
    assert compose["lb"]["command"].endswith("--to web:8000")


def test_web_answers_liveness_and_the_balancer_readiness():
    compose = _compose()
    assert "/healthz/live" in " ".join(compose["web"]["healthcheck"]["test"])
    assert "/healthz/ready" in " ".join(compose["lb"]["healthcheck"]["test"])


def test_each_worker_has_a_name_of_its_own_for_its_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for role in WORKERS:
        assert f"--hostname={role}@%h" in compose[role]["command"]
        # Compose reads "$$" as a literal "$": the container's own host name.
        assert f"-d {role}@$$HOSTNAME" in " ".join(compose[role]["healthcheck"]["test"])


def test_slow_work_is_routed_off_the_default_queue():
    routes = settings.CELERY_TASK_ROUTES
    assert routes["promo.nudges.plan"] == routes["promo.nudges.relay"] == {"queue": "nudges"}
    assert routes["promo.checkins_plan"] == {"queue": "nudges"}
    assert routes["promo.nudges.deliver"] == {"queue": "email"}
    assert routes["reviews.render_pdf"] == {"queue": "exports"}
    assert routes["promo.snapshot_refresh"] == {"queue": "snapshots"}


def test_the_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## ", readme.index("python3 dev.py test"))]
    assert "python3 dev.py run" in head and "python3 dev.py test" in head
    assert "\npython3 dev.py test\n" in (ROOT / ".ci" / "run").read_text()
