# The README's two commands: `make run` and `make test`. Both set everything up on a fresh machine
# that has only Python 3.11, pip and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
PORT   ?= 8501

.PHONY: setup run test lint browser schema bench fuzz clean

setup: $(STAMP)

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

# Browser tests and static chart export (PNG/SVG, images in briefing packs) need Chromium, and the printed
# brief's test reads its PDF back with poppler's pdftotext. Install Debian's packages when running as root;
# elsewhere the tests that need them skip with a visible reason (never under CI) and the app's export buttons
# say what is missing.
browser:
	@if { command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium; } && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing chromium and poppler-utils (Debian packages) for browser tests..."; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else echo "NOTE: chromium not found and not root: browser tests skip, PNG/SVG chart export is off."; fi

run: setup browser
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: setup browser
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Figures at 10, 100 and 1,000 synthetic plans (load, overlap, search, pages, time to first chart); writes
# bench/results.json. Figures, not pass/fail: docs/performance.md records them. BENCH_ARGS="--sizes 10,100".
bench: setup browser
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Thousands of generated hostile plan files through the loader, the upload check, Add to my session and the
# CLI, each in a child process with memory and time limits; prints crashes, worst time per KB and peak memory,
# saves reproducers (default /tmp/fuzz-crashes). Then the document importer's fuzzer (hostile PDF, DOCX, HTML,
# XLSX, CSV, text; FUZZ_DOC_ARGS="--count 300"). Not part of `make test`. FUZZ_ARGS="--count 500 --seed 7".
fuzz: setup
	$(PY) scripts/fuzz_plans.py $(FUZZ_ARGS)
	$(PY) scripts/fuzz_documents.py $(FUZZ_DOC_ARGS)

# Regenerate docs/plan.schema.json from the pydantic models (a test fails when it is stale).
schema: setup
	$(PY) -m loaders schema > docs/plan.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
