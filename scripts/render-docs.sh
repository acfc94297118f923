#!/bin/sh
# Renders the Word and Excel exports of three filings to PNG pages, for a
# person to look at as a reviewer would: the sample, a synthetic filing
# with 30 附件3 tables and the sample with its figures left blank.
#
# Needs LibreOffice (soffice) and poppler (pdftoppm); not run in CI.
#   scripts/render-docs.sh [OUT_DIR]     (default /tmp/jixiao-render)
set -eu

out=${1:-/tmp/jixiao-render}
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in soffice pdftoppm go; do
	command -v "$tool" >/dev/null || { echo "render-docs.sh: $tool is not installed" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/docx" "$out/xlsx"
cd "$root"

bin="$out/jixiao"
go build -o "$bin" .
go test ./report -run '^TestWriteRenderFilings$' -count=1 -args -render-out "$out" >/dev/null
cp internal/sample/meixi-2024.json "$out/sample.json"

for name in sample synthetic-30 blank-figures; do
	"$bin" export "$out/$name.json" --format docx -o "$out/docx/$name.docx" >/dev/null
	"$bin" export "$out/$name.json" --format xlsx -o "$out/xlsx/$name.xlsx" >/dev/null
done
"$bin" summary "$out/sample.json" "$out/synthetic-30.json" "$out/blank-figures.json" -o "$out/xlsx/summary.xlsx" >/dev/null

# A private profile keeps soffice away from the user's own settings.
profile="file://$out/lo-profile"
for kind in docx xlsx; do
	soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$out/$kind" "$out/$kind"/*."$kind" >/dev/null 2>&1
	for pdf in "$out/$kind"/*.pdf; do
		base=${pdf%.pdf}
		pdftoppm -png -r 50 "$pdf" "$base"
		echo "$kind/$(basename "$pdf"): $(ls "$base"-*.png | wc -l) pages"
	done
done
echo "pages in $out"
