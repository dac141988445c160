#!/usr/bin/env bash
# Smoke test of the BUILT bundle (make package first; make package-smoke runs this).
#
#   packaging/smoke.sh [path/to/bundled/willkommensordner]
#
# Runs the frozen program headless in a throw-away HOME: --version, init (cheap KDF), demo,
# list, check, print a welcome folder and a questionnaire, the counselling rules, the GUI
# offscreen up to its first page, and portable mode from a copy of the bundle with a
# portable.txt marker. The GUI step relies on WKO_EXIT_WHEN_READY=1 (gui/desktop_integration.py:
# the app prints "ready: <page>" and quits); a build without that hook is started under
# `timeout` instead, and "still running when the timeout killed it" counts as started.
# Needs bash, coreutils and python3 on PATH (python3 only to read the JSON the app prints).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUNDLE_BIN=${1:-$ROOT/dist/willkommensordner/willkommensordner}
BUNDLE_BIN=$(readlink -f "$BUNDLE_BIN")
BUNDLE=$(dirname "$BUNDLE_BIN")
if [ ! -x "$BUNDLE_BIN" ]; then
    echo "smoke: no bundle at $BUNDLE_BIN (run make package first)" >&2
    exit 2
fi

mkdir -p "$ROOT/build"
# Beside dist/ on the same file system, so the portable copy can be hard links.
WORK=$(mktemp -d "$ROOT/build/smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home"
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME WKO_NEW_PASSPHRASE
export QT_QPA_PLATFORM=offscreen
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export WKO_PASSPHRASE="Rauchzeichen über dem Bahnhof 2026"
GUI_TIMEOUT=${WKO_SMOKE_GUI_TIMEOUT:-30}
EXPECTED_VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/src/willkommensordner/__init__.py")

wko() { "$BUNDLE_BIN" "$@"; }
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'smoke: FAILED: %s\n' "$*" >&2; exit 1; }
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

step "--version"
version=$(wko --version)
echo "$version"
[ "$version" = "willkommensordner $EXPECTED_VERSION" ] || fail "version '$version', expected $EXPECTED_VERSION"

step "bundle contents"
internal="$BUNDLE/_internal"
for f in \
    willkommensordner/resources/licenses.json \
    willkommensordner/resources/fonts/OFL.txt \
    willkommensordner/resources/locale/de/LC_MESSAGES/willkommensordner.mo \
    willkommensordner/resources/content \
    willkommensordner/resources/icons/256x256/de.willkommensordner.Willkommensordner.png \
    PySide6/Qt/plugins/platforms/libqoffscreen.so \
    PySide6/Qt/plugins/platforms/libqxcb.so \
    PySide6/Qt/translations/qtbase_de.qm \
    PySide6/Qt/translations/qtbase_ar.qm; do
    [ -e "$internal/$f" ] || fail "missing in bundle: $f"
done
ls "$internal"/libQt6Pdf.so* >/dev/null 2>&1 || ls "$internal"/PySide6/Qt/lib/libQt6Pdf.so* >/dev/null \
    || fail "QtPdf library missing"
ls "$internal"/sqlcipher3/_sqlite3*.so >/dev/null || fail "sqlcipher3 extension missing"
[ -e "$internal/libfribidi.so.0" ] || fail "GNU FriBidi (printing's bidi algorithm) missing"
ls -d "$internal"/cryptography-*.dist-info/licenses >/dev/null || fail "licence metadata missing"
echo "resources, Qt plugins (offscreen, xcb), QtPdf, qtbase_de/ar, sqlcipher3, FriBidi, licences: present"

step "init (vault in the user's profile)"
wko init --counsellor "Smoke Test" --kdf-memory-mib 8 --kdf-iterations 1
vault="$HOME/.local/share/Willkommensordner/vault.wko"
[ -f "$vault" ] || fail "no vault at $vault"
[ ! -e "$BUNDLE/Willkommensordner-Daten" ] || fail "an installed run wrote into the program folder"

step "demo --dossiers 3"
wko demo --dossiers 3

step "list --json"
count=$(wko list --json | json_field "len(d)")
echo "$count dossiers"
[ "$count" = 3 ] || fail "expected 3 dossiers, got $count"

step "check"
wko check

step "print: welcome folder and blank questionnaire, German beside Arabic"
dossier=$(wko list --json | json_field "d[0]['id']")
for kind in folder questionnaire; do
    pdf="$WORK/$kind.pdf"
    if [ "$kind" = folder ]; then
        wko print folder --dossier "$dossier" --lang ar -o "$pdf"
    else
        wko print questionnaire --lang ar -o "$pdf"
    fi
    head -c 5 "$pdf" | grep -q '%PDF-' || fail "the $kind is not a PDF"
    echo "$kind: $(wc -c <"$pdf") bytes"
done

step "guide (counselling rules and questionnaire shipped in the bundle)"
wko guide "$dossier" --json | json_field "len(d['responsible'])" >/dev/null \
    || fail "guide gave no responsible agencies"
wko guidance check

step "GUI offscreen up to its first page"
set +e
gui_out=$(LANGUAGE=de WKO_EXIT_WHEN_READY=about timeout "$GUI_TIMEOUT" "$BUNDLE_BIN" 2>"$WORK/gui.err")
gui_rc=$?
set -e
echo "${gui_out:-<no output>} (exit $gui_rc)"
if [ $gui_rc -eq 0 ] && grep -q '^ready: unlock$' <<<"$gui_out"; then
    if grep -q '^qt-cancel:' <<<"$gui_out"; then
        grep -q '^qt-cancel: Abbrechen$' <<<"$gui_out" \
            || fail "Qt's German catalog (qtbase_de.qm) did not load"
        echo "GUI started in German (Qt's own catalog loaded) and showed the unlock page"
    else
        echo "GUI started and showed the unlock page (this build does not report Qt's catalog)"
    fi
    if grep -q '^about-licences:' <<<"$gui_out"; then
        grep -q "^about-version: .*$EXPECTED_VERSION\$" <<<"$gui_out" || fail "About shows another version"
        licences=$(sed -n 's/^about-licences: \([0-9]*\)\/\([0-9]*\) texts$/\1 \2/p' <<<"$gui_out")
        read -r found total <<<"$licences"
        [ -n "$total" ] && [ "$found" = "$total" ] || fail "About finds licence texts for only $licences"
        grep -q '^about-fonts: [1-9][0-9]* files, unlisted: 0$' <<<"$gui_out" \
            || fail "About lists a bundled font without its licence"
        echo "About dialog in the bundle: version, $found/$total licence texts, every font listed"
    fi
elif [ $gui_rc -eq 124 ]; then
    echo "GUI still running after ${GUI_TIMEOUT} s, killed by timeout: counted as started (no ready hook)"
else
    cat "$WORK/gui.err" >&2
    fail "GUI did not start (exit $gui_rc)"
fi

step "portable mode (copy of the bundle with portable.txt)"
stick="$WORK/stick"
cp -al "$BUNDLE" "$stick" 2>/dev/null || cp -a "$BUNDLE" "$stick"
touch "$stick/portable.txt"
"$stick/willkommensordner" init --kdf-memory-mib 8 --kdf-iterations 1 >/dev/null 2>"$WORK/portable.err"
grep -q "Willkommensordner-Daten" "$WORK/portable.err" || fail "no portable-mode warning"
head -n 3 "$WORK/portable.err"
[ -f "$stick/Willkommensordner-Daten/vault.wko" ] || fail "portable vault not beside the program"
count=$("$stick/willkommensordner" list --json 2>/dev/null | json_field "len(d)")
[ "$count" = 0 ] || fail "the portable vault should be empty, not $count dossiers"
set +e
gui_out=$(WKO_EXIT_WHEN_READY=1 timeout "$GUI_TIMEOUT" "$stick/willkommensordner" 2>/dev/null)
gui_rc=$?
set -e
[ $gui_rc -eq 0 ] || [ $gui_rc -eq 124 ] || fail "portable GUI did not start (exit $gui_rc)"
[ -f "$stick/Willkommensordner-Daten/settings.json" ] || [ $gui_rc -eq 124 ] \
    || fail "portable GUI did not keep its settings beside the program"
echo "portable vault and settings in $stick/Willkommensordner-Daten; ${gui_out:-GUI started}"

printf '\nsmoke: all steps passed (%s, bundle %s MB)\n' "$version" "$(du -sm "$BUNDLE" | cut -f1)"
