#!/usr/bin/env bash
# Fetch the third-party assets from the npm registry into src/govatlas/web/static/vendor/
# and (the world map's shapes, which the graphics draw) src/govatlas/graphics/vendor/
# (both git-ignored; never committed):
#   htmx.org        htmx.min.js          (BSD Zero Clause)  progressive enhancement of forms
#   world-atlas     countries-110m.json  (ISC; Natural Earth, public domain)  the world map
#   swagger-ui-dist swagger-ui bundle    (Apache-2.0)  self-hosted API documentation
# and, for the browser tests only (never served), into tests/vendor/:
#   axe-core        axe.min.js           (MPL-2.0)  accessibility checks of every page
# Without npm the atlas still works: no map drawing, no in-place form updates, no API explorer.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$here/src/govatlas/web/static/vendor"
shapes="$here/src/govatlas/graphics/vendor"
testing="$here/tests/vendor"
mkdir -p "$vendor" "$shapes" "$testing"
if ! command -v npm >/dev/null 2>&1; then
  echo "warning: npm not found; web assets (map, htmx, API docs UI) not installed" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent htmx.org@2.0.4 world-atlas@2.0.2 swagger-ui-dist@5.35.0 axe-core@4.14.1 >/dev/null
tar -xzf htmx.org-2.0.4.tgz package/dist/htmx.min.js
cp package/dist/htmx.min.js "$vendor/htmx.min.js"
tar -xzf world-atlas-2.0.2.tgz package/countries-110m.json package/LICENSE
cp package/countries-110m.json "$shapes/countries-110m.json"
cp package/LICENSE "$shapes/world-atlas.LICENSE"
tar -xzf swagger-ui-dist-5.35.0.tgz package/swagger-ui-bundle.js package/swagger-ui.css
cp package/swagger-ui-bundle.js package/swagger-ui.css "$vendor/"
tar -xzf axe-core-4.14.1.tgz package/axe.min.js package/LICENSE
cp package/axe.min.js "$testing/axe.min.js"
cp package/LICENSE "$testing/axe-core.LICENSE"
echo "web assets installed in $vendor, map shapes in $shapes"
