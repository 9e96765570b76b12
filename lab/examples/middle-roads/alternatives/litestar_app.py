from typing import Annotated

import anyio
import msgspec
from litestar import Litestar, post

from tickets.classifier import classify


class TicketIn(msgspec.Struct):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class TicketOut(msgspec.Struct):
    text: str
    label: str


@post("/tickets")  # POST handlers answer 201 by default
async def create_ticket(data: TicketIn) -> TicketOut:
    # A model's predict() blocks: run it in a worker thread, off the event loop.
    label = await anyio.to_thread.run_sync(classify, data.text)
    return TicketOut(text=data.text, label=label)


app = Litestar(route_handlers=[create_ticket])  # OpenAPI schema at /schema
