"""Domains import each other only in the directions docs/architecture.md draws.

Each module of the application belongs to one domain (its folder). An import of another
domain's module, or of a model that `promo.models` gathers from another domain, must be
allowed below; anything else fails with the file, the line and the rule to change.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_FOLDERS = ("promo", "evidence", "reviews")

# Shared by every domain: the organisation, ladders, the audit log and plumbing.
FOUNDATION = {"org", "ladders", "audit", "web"}

# domain -> the other domains it may import, beyond FOUNDATION.
ALLOWED = {
    "org": {"audit", "web"},
    "accounts": {"org", "audit", "web"},
    "audit": {"org", "web"},
    "ladders": {"org", "audit", "web"},
    "web": {"org", "audit"},
    "candidacies": set(),
    "evidence": {"candidacies"},
    # Other teams' confirmations of adoption count for a criterion that needs them.
    "readiness": {"attestations", "candidacies", "evidence", "reviews"},
    # A promo doc cites a colleague's confirmation as a quote.
    "reviews": {"attestations", "candidacies", "evidence", "readiness", "nudges"},
    "dashboards": {"readiness", "candidacies", "evidence", "reviews"},
    "nudges": {
        "attestations", "candidacies", "committees", "evidence", "pulses", "readiness", "reviews"
    },
    # Colleagues confirm an artifact (evidence) and are asked through the nudges.
    "attestations": {"evidence", "nudges"},
    # Senior colleagues are asked about a person's target level (candidacies) through the
    # nudges.
    "pulses": {"candidacies", "nudges"},
    # The API is a second door to the pages' rules: services, access and queries of any
    # domain (My team's rows from the dashboards), never a view.
    "api": {"candidacies", "dashboards", "evidence", "nudges", "readiness", "reviews"},
    # Capture from anywhere, the calendar feed and GitHub: like the API, services, access and
    # queries of any domain, never a view.
    "integrations": {"candidacies", "evidence", "readiness", "reviews"},
    # Promotion cycles freeze a case's packet from its readiness, doc, verdicts and
    # confirmations, submit and decide candidacies, and tell people through the nudges.
    "committees": {
        "attestations", "candidacies", "evidence", "nudges", "pulses", "readiness", "reviews"
    },
    # The operator's view: metrics count rows of the nudges', exports' and snapshots'
    # tables, and /metrics finds the client's address as login throttling does.
    "monitoring": {"accounts", "dashboards", "nudges", "reviews"},
    # A person's own data, packed to take away and unpacked in another promo.
    "portability": {"candidacies", "evidence", "readiness", "reviews"},
    "demo": {
        "accounts", "attestations", "candidacies", "committees", "dashboards", "evidence",
        "nudges", "readiness", "reviews",
    },
    # The project's wiring gathers every domain: settings, root URLs, the Celery app,
    # the models package, admin, management commands and template tags.
    "wiring": {
        "accounts", "api", "attestations", "candidacies", "committees", "dashboards", "demo",
        "evidence", "integrations", "monitoring", "nudges", "portability", "pulses", "readiness",
        "reviews",
    },
}  # fmt: skip

# Narrow paths that cross the directions above, and why: (importing module or package,
# imported module or package) -> reason.
EXCEPTIONS = {
    ("promo.candidacies.views", "promo.readiness"): "the case page shows the person's readiness",
    ("evidence", "promo.readiness.checkins"): "saving shipped work plans its impact check-ins",
    ("promo.audit", "evidence"): "the audit log titles evidence only for who may read it now",
    ("promo.committees", "promo.dashboards.snapshots"): "a packet freezes each criterion as "
    "My team's snapshot cell",
    ("promo.committees", "promo.dashboards.marks"): "the calibration grid says each cell in "
    "My team's words",
    ("promo.org.views", "promo.accounts.invitations"): "the staff people page shows each "
    "person's invitation state",
    ("promo.web.health", "promo.accounts.throttling"): "/healthz finds the client's address "
    "behind trusted proxies as login throttling does",
    ("promo.accounts.profile", "promo.portability.models"): "the profile page offers the "
    "personal export and lists the recent ones",
    ("promo.org.services", "promo.portability.leaving"): "deactivating a person (staff page "
    "or people import) emails them the link to download their data",
}


def is_excepted(module, imported):
    return any(
        (module == source or module.startswith(source + "."))
        and (imported == target or imported.startswith(target + "."))
        for source, target in EXCEPTIONS
    )


def domain_of(module):
    parts = module.split(".")
    if parts[0] in ("evidence", "reviews"):
        return parts[0]
    if parts[0] != "promo":
        return None
    if len(parts) > 1 and (ROOT / "promo" / parts[1]).is_dir() and parts[1] in ALLOWED:
        return parts[1]
    return "wiring"


def model_domains():
    """Each name `promo.models` re-exports -> the domain that defines it."""
    tree = ast.parse((ROOT / "promo" / "models" / "__init__.py").read_text())
    return {
        alias.asname or alias.name: domain_of(node.module)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def app_modules():
    for folder in APP_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield path, module.removesuffix(".__init__")


def imported_domains(tree, models):
    """(line, the domain it reaches, what) for every import in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, domain_of(alias.name), alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "promo.models":
                for alias in node.names:
                    yield node.lineno, models.get(alias.name), f"promo.models.{alias.name}"
            elif node.module == "promo":
                for alias in node.names:
                    yield node.lineno, domain_of(f"promo.{alias.name}"), f"promo.{alias.name}"
            else:
                yield node.lineno, domain_of(node.module), node.module


def test_every_import_follows_the_allowed_directions():
    models = model_domains()
    wrong = []
    for path, module in app_modules():
        source = domain_of(module)
        may = ALLOWED[source] | FOUNDATION | {source}
        for line, target, what in imported_domains(ast.parse(path.read_text()), models):
            if target is None or target in may or is_excepted(module, what):
                continue
            if target == "wiring" and what.startswith(("promo.celery", "promo.env")):
                continue  # the Celery app and env parsing are everyone's
            wrong.append(f"{path.relative_to(ROOT)}:{line}: {source} -> {target} ({what})")
    assert not wrong, "Imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_every_domain_folder_has_a_rule():
    folders = {p.name for p in (ROOT / "promo").iterdir() if (p / "__init__.py").exists()}
    plumbing = {"models", "management", "migrations", "templatetags"}
    assert folders - plumbing <= set(ALLOWED), "a new domain folder needs a rule here"


def test_the_api_imports_no_view():
    """The API reaches each domain through its services, access and queries, as the pages
    do; a view is one door's rendering and never the other door's logic."""
    models = model_domains()
    wrong = []
    for path, module in app_modules():
        if domain_of(module) != "api":
            continue
        for line, target, what in imported_domains(ast.parse(path.read_text()), models):
            is_view = what.split(".")[-1] in ("views", "staff_views") or ".views." in what
            if target not in (None, "api") and is_view:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not wrong, "The API imports views:\n" + "\n".join(wrong)
