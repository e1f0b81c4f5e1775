#!/usr/bin/env bash
# The standing real-project run: every Debian source package of tests/real-libs built with gcc,
# through `exasm cc --with gcc` and through `exasm cc --with chibicc`, each running its own test
# suite; the results table is written into docs/real-projects.md (between its table markers;
# the rest of that page is written by hand).
#   tests/real-libs/run-all.sh [PACKAGE...]
# (default: every package; not in scripts/test.sh: about two hours on 2 cores)
#
# Environment: EXASM, EXASM_SHARED, JOBS (default 2) as for package.sh and secp256k1.sh;
#   RENDER_ONLY=1  build nothing: only write the table from RESULTS
#   DOC=FILE  where to write the table (default docs/real-projects.md; DOC= writes none)
#   RESULTS=FILE  keep the raw rows there (default: a temporary file); an existing file keeps
#                 the rows of the builds not run this time (BUILDS=... reruns some), so the
#                 table can be made up of several runs
# Exit status: 0 when every build built and passed; 1 when an exasm build failed; 2 when a
# reference build or a setup failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
doc=${DOC-$repo/docs/real-projects.md}
export JOBS=${JOBS:-2}
packages=("$@")
((${#packages[@]})) || packages=(gmp mpfr4 libgcrypt20 libsecp256k1 liburcu ck)

results=${RESULTS:-$(mktemp "${TMPDIR:-/tmp}/exasm-real-projects.XXXXXX")}
export RESULTS=$results
touch "$results"
logdir=${LOGDIR:-$(mktemp -d "${TMPDIR:-/tmp}/exasm-real-logs.XXXXXX")}
echo "rows: $results; logs: $logdir"

status=0
[ "${RENDER_ONLY:-0}" = 1 ] && packages=()
for p in "${packages[@]}"; do
  echo "== $p"
  touch "$results.times"
  awk -F '\t' -v p="$p" '$1 != p' "$results.times" >"$results.new" && mv "$results.new" "$results.times"
  s=$(date +%s)
  rc=0
  rows=$(mktemp "${TMPDIR:-/tmp}/exasm-rows.XXXXXX")
  if [ "$p" = libsecp256k1 ]; then
    RESULTS=$rows "$here/secp256k1.sh" >"$logdir/$p.log" 2>&1 || rc=$?
  else
    RESULTS=$rows "$here/package.sh" "$p" >"$logdir/$p.log" 2>&1 || rc=$?
  fi
  # a build run again (BUILDS=...) replaces its row; the others stay
  awk -F '\t' 'NR == FNR { again[$1 FS $3] = 1; next } !(($1 FS $3) in again)' "$rows" "$results" >"$results.new"
  cat "$rows" >>"$results.new" && mv "$results.new" "$results" && rm -f "$rows"
  echo "   exit $rc, $(( $(date +%s) - s ))s; log: $logdir/$p.log"
  printf '%s\t%s\n' "$p" "$(( $(date +%s) - s ))" >>"$results.times"
  [ $rc -gt $status ] && status=$rc
done
table=$(python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
times = [l.rstrip("\n").split("\t") for l in open(sys.argv[1] + ".times") if l.strip()]
total = sum(int(t) for _, t in times)
# packages in the order they ran, builds in the order the scripts run them
pkg_order = [p for p, _ in times]
build_order = ["gcc", "exasm-gcc", "exasm-chibicc", "exasm-chibicc-gnuc"]
rows.sort(key=lambda r: (pkg_order.index(r[0]) if r[0] in pkg_order else len(pkg_order), build_order.index(r[2]) if r[2] in build_order else 9))
ref = {}
for r in rows:
    if r[2] == "gcc":
        ref[r[0]] = float(r[10])
out = ["| project | build | C files | asm statements | thunks | left | build ok | tests passed/total | build s | vs gcc | tests s |",
       "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
for pkg, ver, build, files, asm, left, thunks, ok, passed, tot, bs, cs in rows:
    r = ref.get(pkg)
    ratio = f"{float(bs) / r:.2f}x" if r else "-"
    out.append(f"| {pkg} {ver} | {build} | {files} | {asm} | {thunks} | {left} | {ok} | {passed}/{tot} | {float(bs):.0f} | {ratio} | {float(cs):.0f} |")
out.append("")
out.append(f"Whole run: {total // 60} min {total % 60} s on 2 cores shared with other work, `JOBS=2` ("
           + ", ".join(f"{p} {int(t) // 60} min" for p, t in times) + ").")
print("\n".join(out))
PY
)
echo
echo "$table"

if [ -n "$doc" ]; then
  python3 - "$doc" "$table" <<'PY'
import sys
path, table = sys.argv[1], sys.argv[2]
start, end = "<!-- real-projects table: written by tests/real-libs/run-all.sh -->", "<!-- end of table -->"
try:
    text = open(path).read()
except FileNotFoundError:
    text = f"# Real projects through exasm\n\n{start}\n{end}\n"
a, b = text.index(start) + len(start), text.index(end)
open(path, "w").write(text[:a] + "\n" + table + "\n" + text[b:])
PY
  echo "table written to $doc"
fi
exit $status
