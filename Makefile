# bodesk: every target sets up what it needs (system packages, virtual environment) and is
# quick when that is already done.

# The newest suitable Python: 3.12 first (the lean Qt 6.12 wheels need it, see pyproject.toml), then
# 3.13, then any python3 >= 3.11; pyenv installations are looked at too.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3 python3.13 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null && { echo $$p; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
XVFB   := xvfb-run -a -s "-screen 0 1440x900x24"

# Debian/Ubuntu packages. To run: OCR with the languages bodesk reads, a virtual screen, Qt's xcb extras.
# For the tests also real servers (Dovecot for IMAP, PostgreSQL for several desks) and systemd's unit checker.
RUN_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa \
	tesseract-ocr-nld tesseract-ocr-ind xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 \
	libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 fonts-dejavu-core
TEST_PACKAGES := dovecot-imapd postgresql systemd
SYSTEM_PACKAGES := $(RUN_PACKAGES) $(TEST_PACKAGES)
RUN_STAMP := $(VENV)/.installed-run

# `make run` reopens the same demo workspace each time; `make run DEMO=new` starts a fresh one.
DEMO_HOME ?= $(CURDIR)/.demo-workspace

.PHONY: run test system system-run venv dist bench bench-start bench-inbox bench-import bench-intake bench-matching bench-payments bench-metrics train-extract bench-books bench-hardening screenshots clean

run: system-run $(RUN_STAMP)
	@if [ "$(DEMO)" = new ]; then rm -rf "$(DEMO_HOME)"; fi
	@if [ -d "$(DEMO_HOME)" ]; then echo "Reopening the demo workspace in $(DEMO_HOME) (make run DEMO=new for a fresh one)."; fi
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN)/bodesk --demo --home "$(DEMO_HOME)"; \
	else echo "No display found: opening bodesk on a virtual screen (Xvfb)."; $(XVFB) $(BIN)/bodesk --demo --home "$(DEMO_HOME)"; fi

test: system $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

system-run:
	@$(MAKE) --no-print-directory system SYSTEM_PACKAGES="$(RUN_PACKAGES)"

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if ! command -v apt-get >/dev/null; then echo "Please install: $$missing"; exit 1; fi; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "Installing system packages: $$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "bodesk needs Python 3.11 or newer."; exit 1; }
	@want=$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])'); \
	have=$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])' 2>/dev/null); \
	if [ "$$want" != "$$have" ]; then rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

# What running needs only (no test extras); `make test` adds them.
$(RUN_STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "bodesk needs Python 3.11 or newer."; exit 1; }
	@want=$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])'); \
	have=$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])' 2>/dev/null); \
	if [ "$$want" != "$$have" ]; then rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	@touch $@

venv: $(STAMP)

# The Linux bundle (one folder, dist/bodesk/) built with PyInstaller, then smoke-tested: see installer/README.md.
dist: system $(STAMP) $(VENV)/.installed-dist
	rm -rf build/bodesk dist/bodesk
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build installer/bodesk.spec
	QT_QPA_PLATFORM=offscreen $(BIN)/python installer/smoke_test.py dist

$(VENV)/.installed-dist: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test,dist]'
	@touch $@

bench: bench-start bench-inbox bench-import

bench-start: system $(STAMP)
	$(XVFB) $(BIN)/python benchmarks/bench_start.py

bench-inbox: system $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_inbox.py

bench-import: system $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_import.py

bench-extract: system $(STAMP)
	@$(BIN)/python -c "import invoice2data" 2>/dev/null || $(BIN)/python -m pip install -q invoice2data
	@command -v pdftotext >/dev/null || { apt-get install -y -qq poppler-utils >/dev/null; }
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_real.py

# The model that chooses a doubtful OCR reading's total, from the corpus's receipts (development side).
train-extract: system $(STAMP)
	$(BIN)/python benchmarks/train_extract.py --write

bench-desks: system $(STAMP)
	$(BIN)/python benchmarks/bench_desks.py

bench-metrics: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py

bench-hardening: $(STAMP)
	$(BIN)/python benchmarks/bench_hardening.py

bench-matching: $(STAMP)
	$(BIN)/python benchmarks/bench_matching.py

bench-payments: $(STAMP)
	$(BIN)/python benchmarks/bench_payments.py

bench-books: $(STAMP)
	$(BIN)/python benchmarks/bench_books.py

bench-intake: system $(STAMP)
	$(BIN)/python benchmarks/bench_intake.py

screenshots: system $(STAMP)
	$(XVFB) $(BIN)/python docs/screenshots.py docs

clean:
	rm -rf $(VENV) build dist *.egg-info
