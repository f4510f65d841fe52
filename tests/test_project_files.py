"""There is no Docker engine here, so docker-compose.yml is checked by reading it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _procfile(name):
    lines = (ROOT / name).read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_has_every_service_with_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= services.keys()
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_compose_commands_match_the_procfile():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    procfile = _procfile("Procfile")
    for role in ("web", "worker", "beat"):
        assert compose[role]["command"] == procfile[role]
    assert compose["migrate"]["command"] == procfile["release"]


def test_compose_uses_postgres_and_redis_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for role in ("web", "worker", "beat", "migrate"):
        assert compose[role]["image"] == "promo:latest"
        assert compose[role]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert compose[role]["environment"]["REDIS_URL"].startswith("redis://")


def test_the_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nUSER promo\n" in dockerfile


def test_the_dev_procfile_runs_web_worker_and_beat():
    assert set(_procfile("Procfile.dev")) == {"web", "worker", "beat"}


def test_the_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## ", readme.index("python3 dev.py test"))]
    assert "python3 dev.py run" in head and "python3 dev.py test" in head
    assert "\npython3 dev.py test\n" in (ROOT / ".ci" / "run").read_text()
