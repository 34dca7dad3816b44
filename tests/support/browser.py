"""Real-browser testing: Debian's chromium driven by playwright, and an ASGI app served on loopback.

Nothing is downloaded: playwright drives the system browser at ``/usr/bin/chromium`` (never run
``playwright install``). A missing browser fails the test that needs it, with the fix in the message.

Typical use::

    with ChromiumSession() as chromium, serve_app(create_app(settings, backend=fake)) as base_url:
        page, problems = chromium.new_page(base_url=base_url)
        page.goto("/")
        ...
        problems.assert_clean()
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Playwright, sync_playwright

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ChromiumSession",
    "PageProblems",
    "require_chromium",
    "serve_app",
    "watch_page",
]

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium package (CI installs it)."""

CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def require_chromium(executable: Path = CHROMIUM) -> Path:
    """Fail (never skip) the calling test when the browser is not installed.

    Args:
        executable: The chromium binary.

    Returns:
        ``executable``.
    """
    if not executable.is_file():
        pytest.fail(
            f"{executable} is missing: browser tests drive Debian's chromium "
            "(`apt-get install chromium`; CI installs it). Do not run `playwright install`.",
            pytrace=False,
        )
    return executable


@dataclass
class PageProblems:
    """What went wrong in a page (and its frames): console errors, uncaught exceptions, dialogs.

    Chromium reports Content-Security-Policy violations and failed requests as console errors.
    """

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self, *, allow: Sequence[str] = ()) -> None:
        """Assert nothing went wrong.

        Args:
            allow: Console errors containing any of these substrings are expected (e.g. the
                browser's "status of 503" line when a test provokes a 503).
        """
        unexpected = [text for text in self.console_errors if not any(part in text for part in allow)]
        report = [f"console error: {text}" for text in unexpected]
        report += [f"uncaught exception: {text}" for text in self.page_errors]
        report += [f"dialog opened: {text}" for text in self.dialogs]
        assert not report, "the page had problems:\n" + "\n".join(report)


def watch_page(page: Page) -> PageProblems:
    """Start recording ``page``'s problems; dialogs are recorded and dismissed.

    Args:
        page: A fresh page, before it navigates.
    """
    problems = PageProblems()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(f"{message.text} [{message.location.get('url', '')}]")

    def on_dialog(dialog: Dialog) -> None:
        problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    return problems


class ChromiumSession:
    """One headless chromium shared by many tests, launched on first use.

    Launching lazily means a missing browser fails the first test that opens a page (a plain
    failure, not a setup error). Use as a context manager or call :meth:`close`.

    Args:
        executable: The chromium binary.
        args: Command-line switches.
    """

    def __init__(self, executable: Path = CHROMIUM, *, args: Sequence[str] = CHROMIUM_ARGS) -> None:
        self.executable = executable
        self.args = list(args)
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._contexts: list[BrowserContext] = []

    def browser(self) -> Browser:
        """The running browser (launched now if needed)."""
        if self._browser is None:
            require_chromium(self.executable)
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=str(self.executable), args=self.args)
        return self._browser

    def new_page(self, **context_options: Any) -> tuple[Page, PageProblems]:
        """A page in a fresh context (own storage), already watched for problems.

        Args:
            **context_options: Passed to ``Browser.new_context`` (``base_url``, ``viewport``...).
        """
        context = self.browser().new_context(**context_options)
        self._contexts.append(context)
        page = context.new_page()
        return page, watch_page(page)

    def close_pages(self) -> None:
        """Close every context opened by :meth:`new_page` (call after each test)."""
        while self._contexts:
            self._contexts.pop().close()

    def close(self) -> None:
        """Close pages, browser and playwright."""
        self.close_pages()
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def __enter__(self) -> ChromiumSession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


@contextmanager
def serve_app(app: Any, *, host: str = "127.0.0.1", startup_timeout: float = 20.0) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a background thread on a free loopback port.

    The socket is bound before the server starts, so there is no race for the port. The app's
    lifespan runs (startup before the first request, shutdown on exit).

    Args:
        app: The ASGI application.
        host: Loopback address to bind.
        startup_timeout: Seconds to wait for the server to accept connections.

    Yields:
        The base URL, e.g. ``http://127.0.0.1:43121``.

    Raises:
        RuntimeError: If the server does not start.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    # ws="none": no WebSocket routes here, and the installed websockets may not match uvicorn's adapter.
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on", ws="none")
    server = uvicorn.Server(config)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as error:  # reported by the waiting thread
            failures.append(error)

    thread = threading.Thread(target=run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if failures or not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            reason = repr(failures[0]) if failures else "it did not start in time (see the log above)"
            raise RuntimeError(f"uvicorn could not serve the app on {host}:{port}: {reason}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
