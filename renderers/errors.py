"""Per-sample rendering failures: they become rejects with a reason, never crashes."""

from __future__ import annotations


class RenderError(ValueError):
    """A text that cannot be rendered; ``reason`` is a short code for the rejects output."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)
