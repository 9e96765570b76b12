from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .llm import generate_tokens  # async generator of str


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()

    async def receive_json(self, content, **kwargs) -> None:
        async for token in generate_tokens(content["text"]):
            await self.send_json({"token": token})
        await self.send_json({"done": True})
