"""There is no Docker engine here, so docker-compose.yml is checked by reading it."""

import shlex
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
WORKERS = ("worker", "email", "exports", "snapshots")


def _procfile(name):
    lines = (ROOT / name).read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_has_every_service_with_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", *WORKERS, "beat"} <= services.keys()
    for name in ("postgres", "redis", "web", *WORKERS, "beat"):
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
    assert routed == {"email", "exports", "snapshots"}
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for commands in (_procfile("Procfile"), _procfile("Procfile.dev"), compose):
        consumed = {
            role: _queues_of(
                commands[role] if isinstance(commands[role], str) else commands[role]["command"]
            )
            for role in WORKERS
        }
        assert consumed == {"worker": ["celery"], **{queue: [queue] for queue in routed}}


def test_each_worker_has_a_name_of_its_own_for_its_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for role in WORKERS:
        assert f"--hostname={role}@%h" in compose[role]["command"]
        # Compose reads "$$" as a literal "$": the container's own host name.
        assert f"-d {role}@$$HOSTNAME" in " ".join(compose[role]["healthcheck"]["test"])


def test_slow_work_is_routed_off_the_default_queue():
    routes = settings.CELERY_TASK_ROUTES
    assert routes["promo.nudges.deliver"] == {"queue": "email"}
    assert routes["reviews.render_pdf"] == {"queue": "exports"}
    assert routes["promo.snapshot_refresh"] == {"queue": "snapshots"}


def test_the_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## ", readme.index("python3 dev.py test"))]
    assert "python3 dev.py run" in head and "python3 dev.py test" in head
    assert "\npython3 dev.py test\n" in (ROOT / ".ci" / "run").read_text()
