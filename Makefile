# Shortcuts. The README's two commands are `python3 dev.py run` and `python3 dev.py test`,
# which need nothing but Python 3.11+; these targets call them.
PYTHON ?= python3

.PHONY: run test lint format ci clean screenshots

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
