#!/usr/bin/env bash
# Wrap dist/bodesk.app (built by PyInstaller from installer/bodesk.spec) in a compressed disk image
# with a link to /Applications, so installing is a drag: dist/bodesk-<version>-macos.dmg.
#
#   installer/macos/make_dmg.sh [VERSION]
#
# Uses only hdiutil (part of macOS). The app is signed ad hoc by PyInstaller, not notarized: on first
# start macOS asks to confirm it (right-click › Open), see installer/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:-$(sed -n 's/^__version__ = "\(.*\)"/\1/p' bodesk/__init__.py)}"
app="dist/bodesk.app"
dmg="dist/bodesk-${version}-macos.dmg"
test -d "$app" || { echo "No $app: build it first (pyinstaller installer/bodesk.spec)." >&2; exit 1; }

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "bodesk $version" -srcfolder "$staging" -fs HFS+ -format UDZO -imagekey zlib-level=9 "$dmg"
hdiutil verify "$dmg"
echo "$dmg"
