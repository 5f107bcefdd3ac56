# shellcheck shell=bash
# Sourced by the benchmark scripts: each target is printed beside its
# figure and its baseline, and a target missed, or a figure that could not
# be read, makes the script exit non-zero at the end (targets_done).
#
#   target WHAT FIGURE OP LIMIT UNIT [BASELINE]
#     OP is <= or >=; FIGURE must be a number, anything else is a miss.

missed=()

target() {
  local what=$1 figure=$2 op=$3 limit=$4 unit=$5 baseline=${6:--} verdict=ok
  if ! [[ $figure =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
    ! awk -v f="$figure" -v l="$limit" -v op="$op" 'BEGIN { exit !(op == "<=" ? f <= l : f >= l) }'; then
    verdict=MISSED
    missed+=("$what")
  fi
  printf '%-30s %-16s target %-18s baseline %-28s %s\n' "$what" "$figure $unit" "$op $limit $unit" "$baseline" "$verdict"
}

# targets_done ends the script: 0 when every target was met, 1 otherwise.
targets_done() {
  if [ ${#missed[@]} -gt 0 ]; then
    printf '%s: %d target(s) missed: %s\n' "$(basename "$0")" ${#missed[@]} "$(IFS=';'; echo "${missed[*]}")" >&2
    exit 1
  fi
  echo "$(basename "$0"): every target met"
}
