# Sourced by scripts that need the private local EC2 API and instance sshd (testkit's
# `local-cloud`, stopped by PID when its stdin closes).
#
# start_local_cloud CLOUD_BIN DIR [OPTIONS…]: starts it in the background with its files in DIR,
#   waits until it has written DIR/cloud.env and exports those variables (LOCAL_EC2_ENDPOINT,
#   LOCAL_MOTO_ENDPOINT, LOCAL_SSH_*…). OPTIONS go to local-cloud, e.g. `--latency real
#   --latency-log FILE`: then LOCAL_EC2_ENDPOINT is the latency proxy's and LOCAL_MOTO_ENDPOINT
#   stays moto's own (use it for inspection: it never counts towards faults or the log).
# stop_local_cloud: closes its stdin and waits; returns its exit code (1 when the build leaked).

start_local_cloud() {
  local cloud_bin="$1" dir="$2"
  shift 2
  mkfifo "$dir/cloud.stdin"
  "$cloud_bin" "$dir/cloud.env" "$@" <"$dir/cloud.stdin" >"$dir/cloud.out" 2>&1 &
  local_cloud_pid=$!
  exec 3>"$dir/cloud.stdin"
  for _ in $(seq 1 600); do
    [ -f "$dir/cloud.env" ] && break
    kill -0 "$local_cloud_pid" 2>/dev/null || { cat "$dir/cloud.out"; return 1; }
    sleep 0.5
  done
  set -a
  # shellcheck disable=SC1091
  . "$dir/cloud.env"
  set +a
}

stop_local_cloud() {
  [ -n "${local_cloud_pid:-}" ] || return 0
  exec 3>&- 2>/dev/null || true
  local code=0
  wait "$local_cloud_pid" 2>/dev/null || code=$?
  local_cloud_pid=""
  return "$code"
}
