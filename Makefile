# Shortcuts. The README's two commands are `python3 dev.py run` and `python3 dev.py test`,
# which need nothing but Python 3.11+; these targets call them.
PYTHON ?= python3

.PHONY: run test lint format ci clean screenshots bench bench-full bench-api bench-delivery bench-nudges

run:
	$(PYTHON) dev.py run

test:
	$(PYTHON) dev.py test $(PYTEST_ARGS)

lint:
	$(PYTHON) dev.py lint

# Regenerates docs/screenshots/: the README's pictures come from the demo tour
# (tests/browser/test_demo_tour.py), a few more from the other browser tests.
screenshots:
	PROMO_SCREENSHOTS=1 $(PYTHON) dev.py test tests/browser

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

ci:
	bash .ci/run

clean:
	rm -rf .venv var .pytest_cache .ruff_cache

# Every daily page as a ratio to the authenticated floor, in one run (docs/benchmarks.md).
# The database named must end in _bench: it is dropped and built again.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/promo_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9
BENCH_PYTHON ?= .venv/bin/python
BENCH_ENV = DEBUG=false SECRET_KEY=bench DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL)

bench:
	$(BENCH_ENV) $(BENCH_PYTHON) bench/pages.py

# Company scale: 500 more engineers with three years of evidence each, then the dashboard
# (1M evidence rows) and nudge planner (100k people) benchmarks, each on a database of its own.
bench-full:
	$(BENCH_ENV) $(BENCH_PYTHON) bench/pages.py --people 500 --seconds 5
	DATABASE_URL=$(BENCH_DATABASE_URL:_bench=_dash_bench) REDIS_URL=$(BENCH_REDIS_URL) \
		$(BENCH_PYTHON) bench/dashboard.py --seconds 5
	DATABASE_URL=$(BENCH_DATABASE_URL:_bench=_nudges_bench) REDIS_URL=$(BENCH_REDIS_URL) \
		$(BENCH_PYTHON) bench/nudges_plan.py --people 100000 --artifacts 1000000 --deliver-seconds 20

# Nudge claiming at 100k people, then at 1M people and 10M artifacts in the same run; exits
# 1 when a goal is missed (docs/benchmarks.md). Seeding the larger size takes minutes.
bench-nudges:
	DATABASE_URL=$(BENCH_DATABASE_URL:_bench=_nudges_bench) REDIS_URL=$(BENCH_REDIS_URL) \
		$(BENCH_PYTHON) bench/nudges_plan.py --people 100000 --artifacts 1000000 \
		--deliver-seconds 20 --scale-people 1000000 --scale-artifacts 10000000

# The API's evidence list and create against a trivial token-authenticated endpoint.
bench-api:
	DATABASE_URL=$(BENCH_DATABASE_URL:_bench=_api_bench) REDIS_URL=$(BENCH_REDIS_URL) SECRET_KEY=bench \
		$(BENCH_PYTHON) bench/api.py --seconds 10 --rounds 2

# Nudge delivery: emails per second from two real workers to an SMTP sink on loopback,
# against the sink's raw rate and the one-claim path, in one bounded run (docs/benchmarks.md).
bench-delivery:
	DATABASE_URL=$(BENCH_DATABASE_URL:_bench=_delivery_bench) REDIS_URL=$(BENCH_REDIS_URL) \
		$(BENCH_PYTHON) bench/nudges_delivery.py --people 20000 --concurrency 2
