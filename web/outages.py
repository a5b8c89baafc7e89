"""An outage is logged once a minute per process, not once a request: a flood of
identical lines would hide what else the log says and cost each request a write."""

from __future__ import annotations

import logging
import threading
import time

OUTAGE_LOG_SECONDS = 60.0


class OutageLog:
    """`log(message, *args)` writes the line at most once every OUTAGE_LOG_SECONDS,
    with how many were held back since the last one."""

    def __init__(self, logger: logging.Logger, level: int = logging.WARNING) -> None:
        self.logger = logger
        self.level = level
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.logged_at: float | None = None
        self.held_back = 0

    def log(self, message: str, *args: object) -> None:
        now = time.monotonic()
        with self.lock:
            if self.logged_at is not None and now - self.logged_at < OUTAGE_LOG_SECONDS:
                self.held_back += 1
                return
            held_back, self.held_back, self.logged_at = self.held_back, 0, now
        if held_back:
            message += f" ({held_back} more since the last line)"
        self.logger.log(self.level, message, *args)
