# Sourced by scripts/setup and scripts/install-system-packages: runs a noisy step (apt-get, pip)
# with its output in a log file, so that the terminal shows one line per step, and on failure
# the log's path and its last lines.

# logged NAME SUMMARY COMMAND [ARG...]
#   Runs COMMAND with its output (stdout and stderr) in a new log file under ${TMPDIR:-/tmp}.
#   Success: prints "NAME: SUMMARY (log: PATH)". Failure: prints "NAME: failed (exit N), see
#   PATH; its last lines:" and the last 20 lines of the log on stderr, and returns COMMAND's status.
logged() {
    local name=$1 summary=$2 log status=0
    shift 2
    log=$(mktemp "${TMPDIR:-/tmp}/wikipk-$name.XXXXXX.log")
    "$@" >"$log" 2>&1 </dev/null || status=$?
    if ((status != 0)); then
        {
            echo "$name: failed (exit $status), see $log; its last lines:"
            tail -n 20 "$log" | sed 's/^/  /'
        } >&2
        return "$status"
    fi
    echo "$name: $summary (log: $log)"
}
