"""Driving a recording through Temporal directly, as any Temporal SDK can: the same workflow type,
workflow id convention, messages and encryption codec as the TypeScript library (client/recordings/).

What this path does not do is the library's input validation: a Python caller sends the
workflow input (workflows/types.ts ``RecordingRequest``) as it builds it. The start activity
checks the product parameters again before any provider call, but the knobs around them are
only checked by the library; the HTTP path (via_http.py) validates everything. Status and
result here are the workflow's own shapes (epoch ms); the HTTP API answers the public shapes
(docs/status-and-result.md).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import time
from typing import Any, Callable

import temporalio.converter
from temporalio.client import Client, TLSConfig, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from codec import EncryptionCodec

WORKFLOW_TYPE = "recordingWorkflow"
TERMINAL_STATES = {"Completed", "IdleEnded", "Expired", "Failed", "Cancelled", "Detached"}


def workflow_id(record_id: str) -> str:
    """One workflow per recordId (workflows/messages.ts ``recordingWorkflowId``)."""
    return f"recording:{record_id}"


async def connect(address: str, namespace: str, key_base64: str, key_id: str | None = None, tls: TLSConfig | bool = False) -> Client:
    """A client whose payloads (and failure messages) are sealed as the workers expect."""
    codec = EncryptionCodec(base64.b64decode(key_base64), key_id)
    converter = dataclasses.replace(
        temporalio.converter.default(),
        payload_codec=codec,
        failure_converter_class=temporalio.converter.DefaultFailureConverterWithEncodedAttributes,
    )
    return await Client.connect(address, namespace=namespace, data_converter=converter, tls=tls)


def request_of(spec: dict[str, Any], activity_queue_prefix: str | None = None) -> dict[str, Any]:
    """The workflow input for a one-off start spec (examples/<product>.json): absolute times as epoch ms."""
    request: dict[str, Any] = {"recordId": spec["recordId"], "product": spec["product"], "params": spec["params"]}
    for field in ("region", "poll", "expiryPolicy", "expiryMarginMs", "collectTimeoutMs", "lostTaskWaitMs", "maxStartCalls"):
        if field in spec:
            request[field] = spec[field]
    schedule = {k: v for k, v in (("maxDurationMs", spec.get("maxDurationMs")),) if v is not None}
    if schedule:
        request["schedule"] = schedule
    if activity_queue_prefix:
        request["activityQueuePrefix"] = activity_queue_prefix
    return request


async def start(client: Client, task_queue: str, request: dict[str, Any]) -> WorkflowHandle:
    """Starts the recording, or finds the one with this recordId: never a second (idempotent)."""
    return await client.start_workflow(
        WORKFLOW_TYPE,
        request,
        id=workflow_id(request["recordId"]),
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
    )


async def status(handle: WorkflowHandle) -> dict[str, Any]:
    return await handle.query("statusQuery")


async def watch(
    handle: WorkflowHandle,
    until: Callable[[dict[str, Any]], bool],
    on_status: Callable[[dict[str, Any]], None] = lambda s: None,
    timeout_s: float = 120.0,
    every_s: float = 0.5,
) -> dict[str, Any]:
    """Polls the status query until ``until`` holds (bounded by ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        current = await status(handle)
        on_status(current)
        if until(current):
            return current
        if time.monotonic() > deadline:
            raise TimeoutError(f"status never matched within {timeout_s} s (last state {current.get('state')})")
        await asyncio.sleep(every_s)


async def stop(handle: WorkflowHandle, requested_by: str, wait: bool = True) -> dict[str, Any] | None:
    """With ``wait``: the stop update, answered once the provider task is stopped. Otherwise the durable signal."""
    if wait:
        return await handle.execute_update("stopUpdate", {"requestedBy": requested_by})
    await handle.signal("stopSignal", {"requestedBy": requested_by})
    return None


async def result(handle: WorkflowHandle) -> dict[str, Any]:
    return await handle.result()
