#!/usr/bin/env bash
# Mutation testing of one package, counted the way issue 7 counts it:
#
#   scripts/mutation.sh ./agentstate
#
# runs gremlins v0.6.0 (go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0)
# with one worker on the package, leaving out the generated *_string.go
# files, then checks every mutant gremlins reports KILLED by compiling the
# package with that one mutation applied: gremlins takes a mutant that does
# not compile (go test's exit status is 1 either way) for a killed one, so
# those are counted apart, as not viable. The score is
#
#   efficacy = killed / (killed + lived)
#
# over the mutants that compile. gremlins runs only the mutants it finds
# covered, and it misses the conditions of switch cases (Go's coverage
# blocks start after a case's colon), so the script runs the package's
# tests on each NOT COVERED mutant that compiles as well, and prints the
# score of gremlins' mutants and of all of them. Timed-out mutants are
# listed apart. The surviving mutants are printed with their source line;
# the gremlins log and report stay in the directory printed at the end. It
# takes about as many runs of the package's tests as there are mutants; it
# is not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=${1:?usage: scripts/mutation.sh PKG (such as ./agentstate)}
GREMLINS=${GREMLINS:-gremlins}
command -v "$GREMLINS" >/dev/null || GREMLINS=$(go env GOPATH)/bin/gremlins
out=$(mktemp -d)

# gremlins takes "." for the whole module: for the root package, files in
# subdirectories (any path with a slash) are left out.
exclude=('--exclude-files' '_string\.go$')
case "$pkg" in
. | ./) exclude+=('--exclude-files' '/') ;;
esac

GOFLAGS=-count=1 "$GREMLINS" unleash --workers 1 "${exclude[@]}" \
	-o "$out/gremlins.json" "$pkg" >"$out/gremlins.log" 2>&1 || {
	cat "$out/gremlins.log"
	exit 1
}
tail -n 12 "$out/gremlins.log"
echo
go run scripts/mutation/score.go "$out/gremlins.json" "$pkg"
echo "gremlins log and report: $out"
