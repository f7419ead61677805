#!/usr/bin/env bash
# The pictures in the README's "Make it yours", made with publish's own commands:
# `publish init`, then `publish release`, for the default style and for docs/branded/;
# then a landing page and the catalogue (docs/SITE.md) of the sample and the seed, in
# headless Chromium.
# Run from the repository: `make pictures` (needs pdftoppm from poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
PUBLISH=${PUBLISH:-$PWD/.venv/bin/publish}
PYTHON=${PYTHON:-$PWD/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1741910400   # the sample's date: the same pictures every time

for look in default branded; do
  "$PUBLISH" init "$work/$look" 2>/dev/null
  if [ "$look" = branded ]; then
    cp docs/branded/logo.svg "$work/$look/styles/logo.svg"
    cat docs/branded/style.toml >> "$work/$look/publish.toml"
  fi
  (cd "$work/$look" && "$PUBLISH" release -q)
  slug=keeping-the-lights-on
  # First page of the screen PDF, and the EPUB's cover image, each about 600 px tall.
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$work/$look/dist/$slug.pdf" "docs/$look-pdf-page1"
  "$PYTHON" - "$work/$look/dist/$slug.epub" "docs/$look-epub-cover.png" <<'PY'
import io, sys, zipfile
from PIL import Image
with zipfile.ZipFile(sys.argv[1]) as zf:
    cover = Image.open(io.BytesIO(zf.read("EPUB/images/cover.png")))
cover.convert("RGB").resize((375, 600), Image.Resampling.LANCZOS).save(sys.argv[2], optimize=True)
PY
  echo "docs/$look-pdf-page1.png docs/$look-epub-cover.png"
done

# The site: the sample and the seed released together, shot at a desktop width.
"$PUBLISH" init "$work/site" 2>/dev/null
cp seeds/*.txt "$work/site/seeds/"
(cd "$work/site" && "$PUBLISH" release -q 2>/dev/null)
shoot() {  # page, picture, height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,"$3" \
    --screenshot="$2" "file://$1" 2>/dev/null
}
shoot "$work/site/dist/keeping-the-lights-on/index.html" docs/landing-page.png 1040
shoot "$work/site/dist/index.html" docs/catalogue.png 760
echo "docs/landing-page.png docs/catalogue.png"
