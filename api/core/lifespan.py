"""What runs while the app serves: the retention purge in the background, and closing the Rasa client at the end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from api.core.retention import purge_periodically
from api.state import ApiState

__all__ = ["lifespan"]


def lifespan(state: ApiState, *, housekeeping: bool) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan.

    Args:
        state: What the routes share (its backend is closed on shutdown).
        housekeeping: Run the retention purge at start and every 6 hours.
    """

    @asynccontextmanager
    async def running(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(purge_periodically(state)) if housekeeping else None
        yield
        if task is not None:
            task.cancel()
        await state.backend.close()

    return running
