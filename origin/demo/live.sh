#!/usr/bin/env bash
# The main job, from a clean clone: build Fount, run the origin standalone on examples/live/,
# push a live 3-rendition test pattern into it with ffmpeg (HTTP PUT, basic auth), print the
# playback URLs. Ctrl-C stops everything. Environment: QUARKUS_HTTP_PORT (default 8080).
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

DATA="$(mktemp -d -t fount-demo-XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

FOUNT_CONFIG_DIR="$PWD/examples/live" FOUNT_DATA_DIR="$DATA" QUARKUS_HTTP_PORT="$PORT" \
  java -jar origin/target/quarkus-app/quarkus-run.jar > "$DATA/origin.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
  curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$BASE/q/health/ready" >/dev/null || { echo "the origin did not start; its log:" >&2; cat "$DATA/origin.log" >&2; exit 1; }

# The encoder's credentials are the ones in the example Secret.
SECRET=examples/live/channel-ingest-secret.yaml
USER="$(sed -n 's/^ *username: *\([^ #]*\).*/\1/p' "$SECRET")"
PASS="$(sed -n 's/^ *password: *\([^ #]*\).*/\1/p' "$SECRET")"
AUTH="$(printf '%s:%s' "$USER" "$PASS" | base64 -w0)"

# ffmpeg cannot answer a 401 challenge on PUT, so it sends basic credentials up front.
ffmpeg -hide_banner -loglevel error -re \
  -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -filter_complex "[0:v]split=3[a][b][c];[a]scale=1280:720[v1];[b]scale=854:480[v2];[c]scale=640:360[v3]" \
  -map "[v1]" -map "[v2]" -map "[v3]" -map 1:a -map 1:a -map 1:a \
  -c:v libx264 -preset veryfast -tune zerolatency -profile:v main -g 50 -keyint_min 50 -sc_threshold 0 \
  -b:v:0 2500k -b:v:1 1200k -b:v:2 600k -c:a aac -b:a 96k -ac 2 \
  -f hls -hls_time 2 -hls_list_size 6 -hls_flags independent_segments+program_date_time \
  -method PUT -headers "Authorization: Basic ${AUTH}"$'\r\n' \
  -master_pl_name channel.m3u8 -hls_segment_filename "$BASE/in/v1/live/1/channel_%v_%05d.ts" \
  -var_stream_map "v:0,a:0 v:1,a:1 v:2,a:2" "$BASE/in/v1/live/1/channel_%v.m3u8" &
PIDS+=($!)

sleep 8
cat <<TEXT

Fount is running (origin log: $DATA/origin.log).
  preview page : http://localhost:${PORT}/
  HLS          : http://localhost:${PORT}/out/v1/live/live-hls/index.m3u8
  DASH         : http://localhost:${PORT}/out/v1/live/live-dash/index.mpd
  CMAF (HLS)   : http://localhost:${PORT}/out/v1/live/live-cmaf/main/index.m3u8
  Smooth       : http://localhost:${PORT}/out/v1/live/live-mss/index.ism/Manifest
  ingest       : ${BASE}/in/v1/live/1/ (user ${USER})
Play them in the preview page (hls.js, dash.js), Safari, VLC or ffplay. Ctrl-C stops the demo.
TEXT
wait "${PIDS[1]}"
