#!/usr/bin/env bash
# Proves that a fork in third_party/ is its pinned upstream module plus the
# two patches in its patches/ directory, and nothing else. FORK is one of:
#
#   ultraviolet  github.com/charmbracelet/ultraviolet, patches
#                ultraviolet-cjk.diff (renderer) + ultraviolet-tests.diff
#   bubbletea    charm.land/bubbletea/v2, patches
#                bubbletea-rows.diff (renderer, go.mod) + bubbletea-tests.diff
#
# Steps:
#   1. downloads the pinned module with `go mod download` (module proxy,
#      checked against the checksum database by the go command);
#   2. copies it to a temporary directory and removes .github/ (upstream CI
#      workflows, not kept here);
#   3. applies the code patch (non-test files) and the tests patch;
#   4. compares the result with third_party/FORK (diff -r), ignoring only
#      JIXIAO_PATCH.md and patches/.
#
# Exits non-zero if the download, a patch or the comparison fails.
#
# With --update it instead rewrites the two patch files from the current
# tree (after a deliberate change to the fork), then verifies.
#
# Usage: scripts/reverify-fork.sh FORK [--update]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

name=${1:-}
case "$name" in
ultraviolet)
  module=github.com/charmbracelet/ultraviolet
  version=v0.0.0-20261008173134-6b8d4baf91b4
  code=ultraviolet-cjk.diff
  ;;
bubbletea)
  module=charm.land/bubbletea/v2
  version=v2.1.1
  code=bubbletea-rows.diff
  ;;
*)
  echo "usage: scripts/reverify-fork.sh ultraviolet|bubbletea [--update]" >&2
  exit 2
  ;;
esac
tests=$name-tests.diff
fork=third_party/$name
patches=$fork/patches
me="reverify-fork $name"

pristine=$(GOFLAGS=-mod=mod go mod download -json "$module@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$pristine" ] || [ ! -d "$pristine" ]; then
  echo "$me: could not download $module@$version" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# ignored lists what is not part of the comparison.
ignored=(-x JIXIAO_PATCH.md -x patches -x .github)

if [ "${2:-}" = "--update" ]; then
  mkdir -p "$tmp/a" "$tmp/b"
  cp -R "$pristine/." "$tmp/a/"
  chmod -R u+w "$tmp/a"
  rm -rf "$tmp/a/.github"
  cp -R "$fork/." "$tmp/b/"
  rm -rf "$tmp/b/patches" "$tmp/b/JIXIAO_PATCH.md"
  # Non-test files first, then the tests on top of them.
  (cd "$tmp" && diff -ruN "${ignored[@]}" -x '*_test.go' a b) >"$tmp/code.diff" || [ $? -eq 1 ]
  (cd "$tmp/a" && patch -s -p1 <"$tmp/code.diff")
  (cd "$tmp" && diff -ruN "${ignored[@]}" a b) >"$tmp/tests.diff" || [ $? -eq 1 ]
  mkdir -p "$patches"
  # Drop the timestamps so a regeneration changes only what changed.
  sed -E 's/^((---|\+\+\+) [^	]*)	.*/\1/' "$tmp/code.diff" >"$patches/$code"
  sed -E 's/^((---|\+\+\+) [^	]*)	.*/\1/' "$tmp/tests.diff" >"$patches/$tests"
  rm -rf "$tmp/a" "$tmp/b"
  echo "$me: patches rewritten"
fi

tree=$tmp/tree
mkdir -p "$tree"
cp -R "$pristine/." "$tree/"
chmod -R u+w "$tree"
rm -rf "$tree/.github"
for p in "$code" "$tests"; do
  if ! (cd "$tree" && patch -s -p1 --forward --no-backup-if-mismatch <"$root/$patches/$p"); then
    echo "$me: $patches/$p does not apply to $module@$version" >&2
    exit 1
  fi
done

if ! diff -r "${ignored[@]}" "$tree" "$fork"; then
  echo "$me: $fork differs from $module@$version + $patches/*.diff" >&2
  exit 1
fi
echo "$me: $fork = $module@$version + $patches/$code + $patches/$tests"
