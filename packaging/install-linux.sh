#!/bin/sh
# Install a PyInstaller build of Daycast for the current user (or into PREFIX/DESTDIR for a package):
#   packaging/install-linux.sh [dist/daycast]
# Puts the folder in $PREFIX/opt/daycast, links $PREFIX/bin/daycast, and installs the desktop
# entries, the AppStream metainfo and the hicolor icons under the id io.daycast.Daycast.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BUILD=${1:-$ROOT/dist/daycast}
PREFIX=${PREFIX:-$HOME/.local}
DEST=${DESTDIR:-}${PREFIX}
ID=io.daycast.Daycast

if [ ! -x "$BUILD/daycast" ]; then
    echo "No build at $BUILD: run \`make package\` first" >&2
    exit 1
fi
mkdir -p "$DEST/opt" "$DEST/bin"
rm -rf "$DEST/opt/daycast"
cp -a "$BUILD" "$DEST/opt/daycast"   # -a keeps the model files' times, which their checksum stamps record
ln -sf "$PREFIX/opt/daycast/daycast" "$DEST/bin/daycast"
install -Dm644 "$HERE/daycast.desktop" "$DEST/share/applications/$ID.desktop"
install -Dm644 "$HERE/daycast-kiosk.desktop" "$DEST/share/applications/$ID.Kiosk.desktop"
install -Dm644 "$HERE/$ID.metainfo.xml" "$DEST/share/metainfo/$ID.metainfo.xml"
install -Dm644 "$ROOT/assets/icons/daycast.svg" "$DEST/share/icons/hicolor/scalable/apps/$ID.svg"
for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "$ROOT/assets/icons/daycast-$size.png" "$DEST/share/icons/hicolor/${size}x${size}/apps/$ID.png"
done
install -Dm644 "$HERE/systemd/daycast-kiosk.service" "$DEST/share/systemd/user/daycast-kiosk.service"
echo "Installed Daycast in $DEST/opt/daycast; run: daycast app (or daycast kiosk --set-pin, then daycast kiosk)"
