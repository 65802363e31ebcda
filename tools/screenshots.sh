#!/usr/bin/env bash
# screenshots.sh: take PNG screenshots of a spendgap HTML report with headless Chromium.
#
# Why: the README/docs need pictures of what reports/report.html looks like. Taking
# them by hand gives a different size and crop every time. This script makes them
# the same way each time, so they can be made again whenever the report changes.
#
# Usage:
#   tools/screenshots.sh <report.html> <output-prefix>
#
# Example:
#   tools/screenshots.sh reports/report.html /tmp/shots/sample
#     -> /tmp/shots/sample-top.png   (top of the page, 1280x2000 viewport)
#     -> /tmp/shots/sample-full.png  (taller capture, 1280x6000 viewport)
#
# Optional environment variables:
#   CHROMIUM=/path/to/browser   use this browser instead of searching PATH
#   SHOT_WIDTH=1280  TOP_HEIGHT=2000  FULL_HEIGHT=6000   (pixels; FULL_HEIGHT=0 skips -full.png)
#   SHOT_TIMEOUT=120            seconds allowed for each Chromium run
#
# Needs Chromium (chromium, chromium-browser or google-chrome on PATH). If Python's
# PIL (Pillow) can be imported, the PNGs are cut down to 256 colours and compressed
# afterwards. A file is replaced only if the result is smaller. Without PIL they are
# left as Chromium wrote them. Nothing is installed.
# The script does not build the report. Make reports/report.html first.
set -euo pipefail

die() { echo "screenshots.sh: error: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; die "expected 2 arguments: <report.html> <output-prefix>"; }
html=$1
prefix=$2

width=${SHOT_WIDTH:-1280}
top_height=${TOP_HEIGHT:-2000}
full_height=${FULL_HEIGHT:-6000}
run_timeout=${SHOT_TIMEOUT:-120}
for n in "$width" "$top_height" "$full_height" "$run_timeout"; do
  [[ $n =~ ^[0-9]+$ ]] || die "not a whole number: '$n' (check SHOT_WIDTH/TOP_HEIGHT/FULL_HEIGHT/SHOT_TIMEOUT)"
done

# --- find the browser -------------------------------------------------------
browser=${CHROMIUM:-}
if [[ -n $browser ]]; then
  command -v "$browser" >/dev/null 2>&1 || die "CHROMIUM=$browser is not an executable"
else
  for cand in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$cand" >/dev/null 2>&1; then browser=$(command -v "$cand"); break; fi
  done
  [[ -n $browser ]] || die "no Chromium found on PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable).
Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM=/path/to/browser."
fi

# --- check the input and work out the file:// URL --------------------------
[[ -e $html ]] || die "HTML file does not exist: $html"
[[ -f $html && -r $html ]] || die "not a readable regular file: $html"
abs_html=$(cd "$(dirname -- "$html")" && pwd -P)/$(basename -- "$html")
# Percent-encode the few characters that would break a file:// URL.
url_path=${abs_html//%/%25}
url_path=${url_path// /%20}
url_path=${url_path//#/%23}
url_path=${url_path//\?/%3F}
url="file://$url_path"

out_dir=$(dirname -- "$prefix")
mkdir -p -- "$out_dir" || die "cannot create output directory: $out_dir"

# A throwaway profile stops clashes with any other Chromium that is running, and
# leaves nothing behind in ~/.config.
work=$(mktemp -d "${TMPDIR:-/tmp}/spendgap-shots.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

timeout_cmd=()
command -v timeout >/dev/null 2>&1 && timeout_cmd=(timeout --kill-after=10 "$run_timeout")

# shoot <output.png> <height>
shoot() {
  local out=$1 height=$2 log="$work/chromium.log" rc=0
  rm -f -- "$out"
  ${timeout_cmd[@]+"${timeout_cmd[@]}"} "$browser" \
    --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
    --disable-dev-shm-usage --no-first-run --no-default-browser-check \
    --disable-extensions --mute-audio --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" \
    --run-all-compositor-stages-before-draw --virtual-time-budget=5000 \
    --window-size="$width,$height" \
    --screenshot="$out" \
    "$url" >"$log" 2>&1 || rc=$?
  if [[ $rc -ne 0 || ! -s $out ]]; then
    echo "---- last lines of Chromium output ----" >&2
    tail -n 20 "$log" >&2 || true
    [[ $rc -eq 124 ]] && die "Chromium timed out after ${run_timeout}s making $out"
    die "Chromium failed (exit $rc) or wrote no file: $out"
  fi
}

shots=("$prefix-top.png")
shoot "$prefix-top.png" "$top_height"
if [[ $full_height -gt 0 ]]; then
  shots+=("$prefix-full.png")
  shoot "$prefix-full.png" "$full_height"
fi

# --- optional size reduction (only if Pillow is already there) --------------
if command -v python3 >/dev/null 2>&1 && python3 -c 'import PIL' >/dev/null 2>&1; then
  python3 - "${shots[@]}" <<'PY' || echo "screenshots.sh: warning: PNG optimisation failed; kept the originals" >&2
import os, sys
from PIL import Image
for path in sys.argv[1:]:
    tmp = path + ".opt.png"
    with Image.open(path) as im:
        im = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT
                                        if hasattr(Image, "Quantize") else 0)
        im.save(tmp, format="PNG", optimize=True)
    if os.path.getsize(tmp) < os.path.getsize(path):
        os.replace(tmp, path)
    else:
        os.remove(tmp)
PY
else
  echo "screenshots.sh: note: Python PIL not available; PNGs left unoptimised" >&2
fi

for f in "${shots[@]}"; do
  printf '%s\t%s bytes\n' "$f" "$(wc -c <"$f" | tr -d ' ')"
done
