#!/usr/bin/env bash
# VOD from a clean clone: build Fount, make a 60 s two-rendition MP4 ladder and its SMIL with
# ffmpeg, run the origin standalone on examples/vod/'s packaging group and configurations plus an
# Asset that reads the ladder from disk (file:), wait until it is PLAYABLE, print the playback
# URLs. Ctrl-C stops everything. Environment: QUARKUS_HTTP_PORT (default 8080), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${QUARKUS_HTTP_PORT:-8080}"
BASE="http://127.0.0.1:${PORT}"

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "ffmpeg is missing: installing it with apt-get" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq ffmpeg; else sudo apt-get update -qq && sudo apt-get install -y -qq ffmpeg; fi
fi

if [ "${SKIP_BUILD:-}" != "1" ]; then
  echo "building (mvn -B -q install -DskipTests)…" >&2
  mvn -B -q install -DskipTests
fi

WORK="$(mktemp -d -t fount-vod-demo-XXXXXX)"
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "making the MP4 ladder with ffmpeg…" >&2
mkdir -p "$WORK/media" "$WORK/config"
for r in "1280x720 2500k high" "640x360 800k low"; do
  set -- $r
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$1:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -t 60 -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0 -b:v "$2" \
    -c:a aac -b:a 96k -movflags +faststart "$WORK/media/$3.mp4"
done
cat > "$WORK/media/ladder.smil" <<'SMIL'
<?xml version="1.0" encoding="UTF-8"?>
<smil><body><switch>
  <video src="high.mp4" system-bitrate="2600000"/>
  <video src="low.mp4" system-bitrate="900000"/>
</switch></body></smil>
SMIL
cp examples/vod/packaging-group.yaml examples/vod/config-*.yaml "$WORK/config/"
cat > "$WORK/config/asset.yaml" <<YAML
apiVersion: fount.dev/v1alpha1
kind: Asset
metadata:
  name: demo
spec:
  packagingGroupName: vod
  sourceUri: file:$WORK/media/ladder.smil
YAML

FOUNT_CONFIG_DIR="$WORK/config" FOUNT_DATA_DIR="$WORK/data" QUARKUS_HTTP_PORT="$PORT" \
  java -jar origin/target/quarkus-app/quarkus-run.jar > "$WORK/origin.log" 2>&1 &
PID=$!
STATUS=""
for _ in $(seq 1 90); do
  STATUS="$(curl -fs "$BASE/vod/v1/vod/demo" 2>/dev/null || true)"
  case "$STATUS" in *'"status":"PLAYABLE"'*|*'"status":"FAILED"'*) break ;; esac
  sleep 1
done
case "$STATUS" in
  *'"status":"PLAYABLE"'*) ;;
  *) echo "the asset is not playable: ${STATUS:-the origin did not answer}; origin log:" >&2; cat "$WORK/origin.log" >&2; exit 1 ;;
esac
cat <<TEXT

Fount serves the asset "demo" (status: $BASE/vod/v1/vod/demo; origin log: $WORK/origin.log).
  HLS          : http://localhost:${PORT}/out/v1/vod/demo/vod-hls/index.m3u8
  DASH         : http://localhost:${PORT}/out/v1/vod/demo/vod-dash/index.mpd
  CMAF (HLS)   : http://localhost:${PORT}/out/v1/vod/demo/vod-cmaf/index.m3u8
  Smooth       : http://localhost:${PORT}/out/v1/vod/demo/vod-mss/index.ism/Manifest
Play them in Safari, VLC or ffplay. Ctrl-C stops the demo.
TEXT
wait "$PID"
