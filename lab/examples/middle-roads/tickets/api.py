from asgiref.sync import sync_to_async
from django.shortcuts import aget_object_or_404
from ninja import Field, NinjaAPI, Schema

from .classifier import classify
from .models import Ticket

api = NinjaAPI(title="Support tickets")


# region ninja
class TicketIn(Schema):
    text: str = Field(min_length=1, max_length=2000)


class TicketOut(Schema):
    id: int
    text: str
    label: str


@api.post("/tickets", response={201: TicketOut})
async def create_ticket(request, body: TicketIn):
    # A model's predict() blocks: run it in a thread so the event loop stays free.
    label = await sync_to_async(classify)(body.text)
    ticket = await Ticket.objects.acreate(text=body.text, label=label)
    return 201, ticket


@api.get("/tickets/{ticket_id}", response=TicketOut)
async def get_ticket(request, ticket_id: int):
    return await aget_object_or_404(Ticket, pk=ticket_id)
# endregion ninja
