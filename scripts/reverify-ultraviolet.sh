#!/usr/bin/env bash
# Proves that third_party/ultraviolet is the pinned upstream module plus the
# two patches in third_party/ultraviolet/patches/, and nothing else:
#
#   1. downloads the pinned module with `go mod download` (module proxy,
#      checked against go.sum's hash by the go command);
#   2. copies it to a temporary directory and removes .github/ (upstream CI
#      workflows, not kept here);
#   3. applies patches/ultraviolet-cjk.diff (the renderer change, non-test
#      files) and patches/ultraviolet-tests.diff (the three rewritten
#      upstream tests and the differential harness);
#   4. compares the result with third_party/ultraviolet (diff -r), ignoring
#      only JIXIAO_PATCH.md and patches/.
#
# Exits non-zero if the download, a patch or the comparison fails.
#
# With --update it instead rewrites the two patch files from the current
# tree (after a deliberate change to the fork), then verifies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

module=github.com/charmbracelet/ultraviolet
version=v0.0.0-20261008173134-6b8d4baf91b4
fork=third_party/ultraviolet
patches=$fork/patches

pristine=$(GOFLAGS=-mod=mod go mod download -json "$module@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$pristine" ] || [ ! -d "$pristine" ]; then
  echo "reverify-ultraviolet: could not download $module@$version" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# ignored lists what is not part of the comparison.
ignored=(-x JIXIAO_PATCH.md -x patches -x .github)

if [ "${1:-}" = "--update" ]; then
  mkdir -p "$tmp/a" "$tmp/b"
  cp -R "$pristine/." "$tmp/a/"
  chmod -R u+w "$tmp/a"
  rm -rf "$tmp/a/.github"
  cp -R "$fork/." "$tmp/b/"
  rm -rf "$tmp/b/patches" "$tmp/b/JIXIAO_PATCH.md"
  # Non-test files first, then the tests on top of them.
  (cd "$tmp" && diff -ruN "${ignored[@]}" -x '*_test.go' a b) >"$tmp/cjk.diff" || [ $? -eq 1 ]
  (cd "$tmp/a" && patch -s -p1 <"$tmp/cjk.diff")
  (cd "$tmp" && diff -ruN "${ignored[@]}" a b) >"$tmp/tests.diff" || [ $? -eq 1 ]
  mkdir -p "$patches"
  # Drop the timestamps so a regeneration changes only what changed.
  sed -E 's/^((---|\+\+\+) [^	]*)	.*/\1/' "$tmp/cjk.diff" >"$patches/ultraviolet-cjk.diff"
  sed -E 's/^((---|\+\+\+) [^	]*)	.*/\1/' "$tmp/tests.diff" >"$patches/ultraviolet-tests.diff"
  rm -rf "$tmp/a" "$tmp/b"
  echo "reverify-ultraviolet: patches rewritten"
fi

tree=$tmp/tree
mkdir -p "$tree"
cp -R "$pristine/." "$tree/"
chmod -R u+w "$tree"
rm -rf "$tree/.github"
for p in ultraviolet-cjk.diff ultraviolet-tests.diff; do
  if ! (cd "$tree" && patch -s -p1 --forward --no-backup-if-mismatch <"$root/$patches/$p"); then
    echo "reverify-ultraviolet: $patches/$p does not apply to $module@$version" >&2
    exit 1
  fi
done

if ! diff -r "${ignored[@]}" "$tree" "$fork"; then
  echo "reverify-ultraviolet: $fork differs from $module@$version + $patches/*.diff" >&2
  exit 1
fi
echo "reverify-ultraviolet: $fork = $module@$version + $patches/ultraviolet-cjk.diff + $patches/ultraviolet-tests.diff"
