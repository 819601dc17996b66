#!/usr/bin/env bash
# Mutation testing of one package, counted the way issue 7 counts it:
#
#   - gremlins v0.6.0 (GREMLINS, else gremlins on PATH, else ~/go/bin/gremlins),
#     one worker, the package's whole test suite (no -short), -count=1;
#   - generated *_string.go files excluded;
#   - mutants that do not compile removed from the count: gremlins v0.6.0
#     counts a failed build as KILLED, so a wrapper around `go` reports a
#     build failure as exit status 2, which gremlins records as NOT VIABLE
#     (vet is off, so a mutant that compiles is always tested);
#   - efficacy = killed / (killed + lived), with mutants that time out
#     counted as killed (the suite stopped them) and NOT COVERED ones left
#     out, as gremlins does.
#
# Usage, from anywhere in the repository:   scripts/mutation.sh ./routing
# Prints gremlins' log, the surviving mutants and the efficacy. Not run by CI
# (about 30 minutes a package on 2 cores).
set -euo pipefail

pkg=${1:?usage: scripts/mutation.sh ./PKG}
gremlins=${GREMLINS:-$(command -v gremlins || echo "$HOME/go/bin/gremlins")}
real_go=$(command -v go)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/go" <<EOF
#!/usr/bin/env bash
# go, with a build failure of "go test" reported as exit status 2.
if [ "\${1:-}" = test ]; then
	out=\$("$real_go" "\$@" 2>&1) && rc=0 || rc=\$?
	printf '%s\n' "\$out"
	case "\$out" in *"[build failed]"*|*"[setup failed]"*) exit 2 ;; esac
	exit \$rc
fi
exec "$real_go" "\$@"
EOF
chmod +x "$tmp/go"

cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
PATH="$tmp:$PATH" GOFLAGS="-count=1 -vet=off" \
	"$gremlins" unleash --workers 1 --exclude-files '_string\.go$' "$pkg" 2>&1 | tee "$tmp/log"

count() { grep -cE "^ *$1 " "$tmp/log" || true; }
killed=$(count KILLED)
lived=$(count LIVED)
timedout=$(count 'TIMED OUT')
notviable=$(count 'NOT VIABLE')
notcovered=$(count 'NOT COVERED')
echo
echo "== survivors ($pkg)"
grep -E '^ *LIVED ' "$tmp/log" || echo "none"
echo
echo "== $pkg: killed $killed, timed out $timedout, lived $lived; not viable (do not compile) $notviable, not covered $notcovered"
awk -v k="$killed" -v t="$timedout" -v l="$lived" 'BEGIN {
	n = k + t + l
	if (n == 0) { print "no mutant ran"; exit 1 }
	printf "efficacy: %.1f %% ((killed + timed out) / (killed + timed out + lived) = %d / %d)\n", 100 * (k + t) / n, k + t, n
}'
