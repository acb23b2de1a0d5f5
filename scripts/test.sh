#!/usr/bin/env bash
# Runs every RiskWatch test project on a fresh machine: installs what the tests need, builds, tests,
# and ends with one line "N passed, N failed" (exit code non-zero when anything failed).
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need (browser tests, CJK font for reports; scripts/pg.sh installs PostgreSQL).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei fontconfig)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "installing: ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/tmp/riskwatch-apt.log 2>&1 \
    || echo "warning: apt-get install ${need[*]} failed (see /tmp/riskwatch-apt.log); tests that need them report why"
fi

# A throwaway PostgreSQL server for the storage and two-node tests (tests/Scale.Tests read RISKWATCH_PG);
# installed when missing, on a free loopback port, stopped and deleted at the end.
source scripts/pg.sh
if pg_start; then trap 'pg_stop' EXIT; else echo "warning: no PostgreSQL server; the PostgreSQL tests say so and return"; fi

results=$(mktemp -d)
echo "building..."
if ! dotnet build RiskWatch.sln -c Release -nologo -v q >"$results/build.log" 2>&1; then
  grep -E "error" "$results/build.log" | sort -u | head -30
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo -v q \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 5m 2>&1 | grep -vE '^\s*$' | tail -n 25 || status=1
done

python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
for f in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(f).getroot()
    for r in root.iter("{%s}UnitTestResult" % ns["t"]):
        if r.get("outcome") == "Failed": print("FAILED:", r.get("testName"))
open(sys.argv[1] + "/summary", "w").write(f"{passed} {failed}")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
read -r p f <"$results/summary"
[ "$f" = 0 ] && [ "$p" -gt 0 ] && [ $status = 0 ] && exit 0
exit 1
