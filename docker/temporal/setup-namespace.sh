#!/bin/sh
# One-shot (temporalio/admin-tools): creates the namespace if it is missing and registers
# the recording search attributes. Idempotent: re-creating an attribute with the same type
# is a no-op. Keep this list equal to workflows/search-attributes.ts (a unit test checks).
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set}" # read by the temporal CLI
: "${TEMPORAL_NAMESPACE:=default}"
: "${NAMESPACE_RETENTION:=7d}"

# Talk to the frontend by IPv4: inside compose networks the CLI's own name resolution may
# try an address the server does not listen on (Temporal's compose samples do the same).
host=${TEMPORAL_ADDRESS%:*}
port=${TEMPORAL_ADDRESS##*:}
ip=$(getent ahostsv4 "$host" 2>/dev/null | awk 'NR == 1 { print $1 }' || true)
if [ -n "$ip" ]; then
  TEMPORAL_ADDRESS="$ip:$port"
  export TEMPORAL_ADDRESS
fi

wait_until() {
  what=$1
  shift
  attempt=0
  until "$@" >/dev/null 2>&1; do
    attempt=$((attempt + 1))
    [ "$attempt" -ge 120 ] && { echo "gave up waiting for $what after 120 s" >&2; exit 1; }
    sleep 1
  done
}

wait_until "the Temporal frontend at $TEMPORAL_ADDRESS" temporal operator cluster health
if ! temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION"
fi
# A new namespace is served once the frontend's namespace cache has refreshed.
wait_until "namespace $TEMPORAL_NAMESPACE" temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE"

temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" \
  --name RecordingProduct --type Keyword \
  --name RecordingState --type Keyword \
  --name RecordingRoom --type Keyword \
  --name RecordId --type Keyword \
  --name RecordingKeys --type KeywordList \
  --name RecordingLiveTasks --type KeywordList \
  --name RecordingAdmission --type KeywordList
echo "namespace $TEMPORAL_NAMESPACE ready for recordings"
