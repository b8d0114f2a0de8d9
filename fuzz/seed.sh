#!/usr/bin/env bash
# Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/ (not committed; the
# fuzzer adds what it finds beside the seeds). Run from anywhere; `../shared` is the folder of
# shared documents and pages beside the repository (SPECFORGE_SHARED names another).
#
#   spec     every spec: tests/corpus, ../shared/corpus (with its multi-file documents' files),
#            tests/fixtures and specs/ (YAML and JSON)
#   import   every page, after a first byte naming its kind (`0` detect, `1` markdoc,
#            `2` sdk-model, `3` oracle-rest, `4` mintlify, `5` docusaurus; see fuzz/src/lib.rs):
#            specs/pages, tests/fixtures/pages, ../shared/pages and ../shared/seeds
#   overlay  each overlay of specs/, a NUL, then its API's spec
#
# Inputs are at most MAX_LEN bytes (the -max_len the runs use, 128 KiB by default): a longer
# YAML file is cut at the last whole line before it (a cut document still loads, or fails with
# a located error, which is worth fuzzing too), a longer JSON file or page is left out.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SPECFORGE_SHARED:-../shared}
max=${MAX_LEN:-131072}
corpus=fuzz/corpus
mkdir -p "$corpus/spec" "$corpus/import" "$corpus/overlay"

# The seed's file name: its path, with `/` as `_`.
name_of() { printf '%s' "$1" | sed 's|^\.\./||; s|[/ ]|_|g'; }

# seed TARGET PREFIX FILE: PREFIX then FILE into the target's corpus, cut or left out when long.
seed() {
  local target=$1 prefix=$2 file=$3
  local out="$corpus/$target/$(name_of "$file")"
  local size
  size=$(wc -c <"$file")
  if [ $((size + ${#prefix})) -le "$max" ]; then
    { printf '%s' "$prefix"; cat "$file"; } >"$out"
  elif [ "$target" = spec ] && [[ "$file" =~ \.ya?ml$ ]]; then
    { printf '%s' "$prefix"; head -c "$((max - ${#prefix}))" "$file" | sed '$d'; } >"$out"
  fi
}

count=0
while IFS= read -r -d '' file; do
  seed spec "" "$file"
  count=$((count + 1))
done < <(find tests/corpus tests/fixtures specs "$shared/corpus" -type f \
  \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -name '*.expected.yaml' \
  ! -name '*.overlay.yaml' -print0 | sort -z)
echo "spec: $count seeds"

# The kind byte of a page, from the folder it is in.
kind_of() {
  case "$1" in
    */markdoc/*) printf 1 ;;
    */sdk-model/*) printf 2 ;;
    */oracle-rest/*) printf 3 ;;
    */mintlify/*) printf 4 ;;
    */docusaurus/*) printf 5 ;;
    *) printf 0 ;;
  esac
}
count=0
while IFS= read -r -d '' file; do
  seed import "$(kind_of "$file")" "$file"
  count=$((count + 1))
done < <(find specs/pages tests/fixtures/pages "$shared/pages" "$shared/seeds" -type f \
  \( -name '*.md' -o -name '*.txt' \) ! -name 'README.md' ! -name 'SOURCES.md' -print0 | sort -z)
echo "import: $count seeds"

count=0
for overlay in specs/*.overlay.yaml; do
  api=$(basename "$overlay" .overlay.yaml)
  { cat "$overlay"; printf '\0'; cat "specs/$api.yaml"; } >"$corpus/overlay/$api"
  count=$((count + 1))
done
echo "overlay: $count seeds"
