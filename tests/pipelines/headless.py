"""Headless Chromium driven over the DevTools protocol (``--remote-debugging-pipe``).

Enough of the protocol to open a local page with JavaScript on or off, collect every
console message, exception and log entry (CSP violations, failed loads), read the
rendered DOM and take a screenshot: no Selenium or Playwright download, only
Debian's ``chromium``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT_S = 60


@dataclass
class PageVisit:
    """What the browser saw: the DOM after load, problems it reported, a PNG screenshot."""

    html: str
    problems: list[str] = field(default_factory=list)
    screenshot: bytes = b""


def chromium_path() -> str | None:
    return shutil.which("chromium")


class _Pipe:
    """One DevTools session over Chromium's fds 3 (commands in) and 4 (replies out)."""

    def __init__(self, binary: str, profile: Path, width: int, height: int) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def wire() -> None:
            inbound, outbound = os.dup(to_browser), os.dup(from_browser)
            os.dup2(inbound, 3)
            os.dup2(outbound, 4)

        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            preexec_fn=wire,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            reply = self._message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not any(event.get("method") == method for event in self.events):
            self.events.append(self._message(deadline))

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError, TimeoutError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)


def _problems(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        params = event.get("params", {})
        if event.get("method") == "Runtime.consoleAPICalled":
            text = " ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"])
            found.append(f"console.{params['type']}: {text}")
        elif event.get("method") == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            thrown = details.get("exception", {}).get("description", "")
            found.append(f"exception: {details.get('text')} {thrown}")
        elif event.get("method") == "Log.entryAdded":
            entry = params["entry"]
            found.append(f"log {entry['level']} ({entry['source']}): {entry['text']}")
    return found


def visit(
    page: Path,
    profile: Path,
    *,
    javascript: bool = True,
    width: int = 1200,
    height: int = 1600,
) -> PageVisit:
    """Open ``page`` in headless Chromium and report what it rendered and complained about."""
    binary = chromium_path()
    if binary is None:
        raise FileNotFoundError("chromium is not installed")
    pipe = _Pipe(binary, profile, width, height)
    try:
        target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
        session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            pipe.call(f"{domain}.enable", session)
        pipe.call("Emulation.setScriptExecutionDisabled", session, value=not javascript)
        pipe.events.clear()
        pipe.call("Page.navigate", session, url=page.as_uri())
        pipe.wait_for("Page.loadEventFired")
        root = pipe.call("DOM.getDocument", session)["root"]["nodeId"]
        html = pipe.call("DOM.getOuterHTML", session, nodeId=root)["outerHTML"]
        shot = pipe.call("Page.captureScreenshot", session, format="png")["data"]
        return PageVisit(html, _problems(pipe.events), base64.b64decode(shot))
    finally:
        pipe.close()
