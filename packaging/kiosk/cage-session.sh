#!/bin/sh
# Run the Daycast kiosk as the only application of a Wayland session, with cage
# (https://github.com/cage-kiosk/cage): no desktop, no panels, no other windows to switch to.
#
# Typical use on a dedicated machine (see packaging/README.md, "Kiosk with cage"):
#   a getty autologin for the kiosk user on tty1, whose ~/.profile runs this script on tty1.
# cage exits when the kiosk exits (only after the admin PIN); this loop starts it again, and a
# crash of the app is restarted the same way. Use the systemd unit instead when a desktop session
# already exists.
set -eu

DAYCAST="${DAYCAST:-$HOME/.local/opt/daycast/daycast}"
LOG_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/daycast/logs"
mkdir -p "$LOG_DIR"

export QT_QPA_PLATFORM=wayland
export QT_WAYLAND_DISABLE_WINDOWDECORATION=1
export DAYCAST_KIOSK=1
export XDG_SESSION_TYPE=wayland

if ! command -v cage >/dev/null 2>&1; then
    echo "cage is not installed: sudo apt install cage (Debian/Ubuntu) or dnf install cage (Fedora)" >&2
    exit 1
fi
if [ ! -x "$DAYCAST" ]; then
    echo "Daycast is not at $DAYCAST (set DAYCAST=/path/to/daycast)" >&2
    exit 1
fi

while :; do
    # -d: no client-side decorations; -s: allow VT switching only for the operator (Ctrl+Alt+Fn).
    cage -d -s -- "$DAYCAST" kiosk >>"$LOG_DIR/cage-session.log" 2>&1 && status=0 || status=$?
    if [ "$status" -eq 0 ]; then
        echo "$(date -Is) kiosk exited by the admin PIN" >>"$LOG_DIR/cage-session.log"
        exit 0
    fi
    echo "$(date -Is) kiosk stopped with status $status; restarting in 2 s" >>"$LOG_DIR/cage-session.log"
    sleep 2
done
