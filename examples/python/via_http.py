"""Driving a recording through the HTTP API (client/gateway/), with the standard library only.

``base_path`` and ``token`` are parameters because the API's routes may sit under a version
prefix (``/v1``) and ask for ``Authorization: Bearer <token>``; with both empty it calls the
routes at the root without a token. Answers are the public shapes (docs/status-and-result.md).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable


class ApiError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {json.dumps(body)[:500]}")
        self.status = status
        self.body = body


class RecordingsApi:
    def __init__(self, base_url: str, base_path: str = "", token: str | None = None, timeout_s: float = 30.0) -> None:
        self._root = base_url.rstrip("/") + ("/" + base_path.strip("/") if base_path.strip("/") else "")
        self._token = token
        self._timeout_s = timeout_s

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self._root + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8")
            raise ApiError(error.code, json.loads(text) if text else None) from None
        return json.loads(text) if text else None

    @staticmethod
    def _id(record_id: str) -> str:
        return urllib.parse.quote(record_id, safe="")

    def start(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Idempotent on recordId: a repeat answers the same recording."""
        return self._call("POST", "/recordings", spec)

    def status(self, record_id: str) -> dict[str, Any]:
        return self._call("GET", f"/recordings/{self._id(record_id)}")

    def stop(self, record_id: str, requested_by: str, wait: bool = True) -> dict[str, Any]:
        return self._call("POST", f"/recordings/{self._id(record_id)}/stop", {"wait": wait, "requestedBy": requested_by})

    def result(self, record_id: str) -> dict[str, Any]:
        """``{"finished": false}`` while it runs, else ``{"finished": true, "result": {...}}``."""
        return self._call("GET", f"/recordings/{self._id(record_id)}/result")

    def watch(
        self,
        record_id: str,
        until: Callable[[dict[str, Any]], bool],
        on_status: Callable[[dict[str, Any]], None] = lambda s: None,
        timeout_s: float = 120.0,
        every_s: float = 0.5,
    ) -> dict[str, Any]:
        """Polls the status until ``until`` holds (bounded by ``timeout_s``)."""
        deadline = time.monotonic() + timeout_s
        while True:
            current = self.status(record_id)
            on_status(current)
            if until(current):
                return current
            if time.monotonic() > deadline:
                raise TimeoutError(f"status never matched within {timeout_s} s (last state {current.get('state')})")
            time.sleep(every_s)

    def wait_result(self, record_id: str, timeout_s: float = 120.0, every_s: float = 0.5) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            answer = self.result(record_id)
            if answer.get("finished"):
                return answer["result"]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no result within {timeout_s} s")
            time.sleep(every_s)
