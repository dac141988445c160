# Two commands do all the set-up: `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Debian packages: Qt offscreen needs the first six; poppler-utils (pdftotext, pdftoppm,
# pdffonts) and age are real readers the tests check our files with; appstream and
# desktop-file-utils validate the Linux desktop files; zbar-tools (zbarimg) scans our QR codes;
# libfribidi0 is the bidi algorithm the printing loads, unicode-data holds Unicode's bidi
# conformance suite the tests run; xvfb, xdotool and x11-utils (xwininfo) let a test start
# `make run` on a virtual X display and see its window, and Qt's xcb platform needs the
# libxcb-* and libxkbcommon-x11 libraries there. at-spi2-core (the accessibility bus),
# python3-pyatspi (the client library Orca uses, for the system Python) and dbus-daemon
# (dbus-run-session) let a test read the app's accessibility tree as a screen reader does.
# espeak-ng and sox speak a page into a WAV and measure it; syncthing, faketime, iproute2 and
# util-linux (unshare) run two real Syncthing instances on loopback in a private network
# namespace, with skewed clocks; tesseract-ocr (with its English model) and tesseract-ocr-deu
# read scans, fonts-ocr-b sets the test scans' machine-readable zones.
DEB_PACKAGES := libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 \
	poppler-utils age appstream desktop-file-utils zbar-tools libfribidi0 unicode-data \
	xvfb xdotool x11-utils libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
	libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
	libxcb-xkb1 at-spi2-core python3-pyatspi dbus-daemon espeak-ng sox \
	syncthing faketime iproute2 util-linux \
	tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu fonts-ocr-b
# Only what runs without a person in front of it renders offscreen; `make run` uses the
# user's display.
HEADLESS_TARGETS := test pytest bench bench-scale screenshots pdf-samples package-smoke
$(HEADLESS_TARGETS): export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint typecheck pytest bench bench-scale screenshots pdf-samples catalogs sysdeps venv clean package \
	package-smoke desktop-files icons

run: $(STAMP)
	$(VENV)/bin/willkommensordner

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

sysdeps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Please install these Debian packages (as root):$$missing"; \
	fi

test: sysdeps $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) -m bench

# The vault figures at 1,000, 10,000 and 100,000 dossiers with their growth (about 15 minutes).
bench-scale: $(STAMP)
	WKO_BENCH_SIZES=1000,10000,100000 $(PY) -m bench bench_vault

catalogs: $(STAMP)
	$(PY) -m willkommensordner.i18n_tools update

screenshots: $(STAMP)
	$(PY) -m willkommensordner.gui.screenshots docs/screenshots

pdf-samples: $(STAMP)
	$(PY) -m willkommensordner.printing.samples docs/samples

# The Linux one-folder bundle in dist/willkommensordner/ (Windows: see packaging/README.md).
package: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build packaging/willkommensordner.spec

# Runs the built bundle headless: version, vault, demo, print, GUI offscreen, portable mode.
package-smoke:
	packaging/smoke.sh

# Regenerate the committed .desktop/metainfo (after catalog changes) and icons (after SVG edits).
desktop-files: $(STAMP)
	$(PY) packaging/desktop_entries.py

icons: $(STAMP)
	$(PY) packaging/render_icons.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
