"""Start, watch and stop one recording from Python, through Temporal or through the HTTP API.

    python demo.py temporal --address 127.0.0.1:7233 --namespace default --task-queue recordings \\
        --key-base64 "$PAYLOAD_ENCRYPTION_KEY" --spec ../trtc-web.json --record-id py-demo-1
    python demo.py http --base-url http://127.0.0.1:8080 [--base-path /v1] --token "$TOKEN" \\
        --spec ../trtc-web.json --record-id py-demo-2

Prints one progress line per state change on stderr and the outcome as one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any

import via_http
import via_temporal


def progress(via: str):
    last: list[str] = []

    def show(status: dict[str, Any]) -> None:
        line = f"[{via}] {status.get('state')} task={status.get('taskId', '-')} files={len(status.get('files', []))}"
        if not last or last[-1] != line:
            last.append(line)
            print(line, file=sys.stderr, flush=True)

    return show


def recording(status: dict[str, Any]) -> bool:
    return status.get("state") == "Recording" and status.get("taskId") is not None


def outcome(via: str, record_id: str, started: Any, stopped: Any, result: dict[str, Any]) -> dict[str, Any]:
    return {
        "via": via,
        "recordId": record_id,
        "started": started,
        "stopped": stopped,
        "state": result.get("state"),
        "endReason": result.get("endReason"),
        "taskId": result.get("taskId"),
        "files": len(result.get("files", [])),
    }


async def run_temporal(args: argparse.Namespace, spec: dict[str, Any]) -> dict[str, Any]:
    client = await via_temporal.connect(args.address, args.namespace, args.key_base64, args.key_id)
    request = via_temporal.request_of(spec, args.activity_queue_prefix)
    handle = await via_temporal.start(client, args.task_queue, request)
    again = await via_temporal.start(client, args.task_queue, request)  # idempotent: the same workflow
    await via_temporal.watch(handle, recording, progress("temporal"), timeout_s=args.timeout)
    stopped = await via_temporal.stop(handle, "python-example")
    result = await via_temporal.result(handle)
    started = {"workflowId": handle.id, "sameRunOnRepeat": again.result_run_id == handle.result_run_id}
    return outcome("temporal", spec["recordId"], started, {"state": (stopped or {}).get("state")}, result)


def run_http(args: argparse.Namespace, spec: dict[str, Any]) -> dict[str, Any]:
    api = via_http.RecordingsApi(args.base_url, args.base_path, args.token)
    started = api.start(spec)
    api.watch(spec["recordId"], recording, progress("http"), timeout_s=args.timeout)
    stopped = api.stop(spec["recordId"], "python-example")
    result = api.wait_result(spec["recordId"], timeout_s=args.timeout)
    # "stopped" is true only once nothing may bill and the lifecycle ended; right after the stop the
    # recording may still be collecting its files (state Stopping).
    answer = {"stopped": stopped.get("stopped"), "state": stopped.get("status", {}).get("state")}
    return outcome("http", spec["recordId"], started, answer, result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="via", required=True)
    for name in ("temporal", "http"):
        p = sub.add_parser(name)
        p.add_argument("--spec", required=True, help="a start spec (JSON), e.g. ../trtc-web.json")
        p.add_argument("--record-id", help="overrides the spec's recordId")
        p.add_argument("--timeout", type=float, default=120.0, help="bound of each wait, seconds")
    t = sub.choices["temporal"]
    t.add_argument("--address", required=True)
    t.add_argument("--namespace", default="default")
    t.add_argument("--task-queue", required=True)
    t.add_argument("--activity-queue-prefix")
    t.add_argument("--key-base64", required=True, help="PAYLOAD_ENCRYPTION_KEY (32 bytes, base64)")
    t.add_argument("--key-id", help="PAYLOAD_ENCRYPTION_KEY_ID, when the workers set one")
    h = sub.choices["http"]
    h.add_argument("--base-url", required=True)
    h.add_argument("--base-path", default="/v1", help="route prefix of the API (default /v1)")
    h.add_argument("--token", help="sent as Authorization: Bearer <token>")
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = json.load(f)
    if args.record_id:
        spec["recordId"] = args.record_id
    out = asyncio.run(run_temporal(args, spec)) if args.via == "temporal" else run_http(args, spec)
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # A short-lived temporalio client process can abort while the interpreter finalizes (the
    # SDK's background Rust threads outlive it: sdk-python issue 300); everything is done by now.
    os._exit(code)
