import asyncio

from channels.testing import WebsocketCommunicator

from mysite.asgi import application

SAME_ORIGIN = [(b"origin", b"http://testserver")]


async def receive_reply(communicator) -> list[str]:
    tokens = []
    while "done" not in (message := await communicator.receive_json_from(timeout=5)):
        tokens.append(message["token"])
    return tokens


def test_answers_a_message_token_by_token_then_done():
    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/chat/", headers=SAME_ORIGIN)
        connected, _ = await communicator.connect(timeout=5)
        assert connected
        await communicator.send_json_to({"text": "hello from the lab"})
        tokens = await receive_reply(communicator)
        await communicator.send_json_to({"text": "second one"})
        second = await receive_reply(communicator)
        await communicator.disconnect()
        return tokens, second

    tokens, second = asyncio.run(scenario())
    assert tokens == ["hello", "from", "the", "lab"]
    assert second == ["second", "one"]


def test_a_page_on_another_site_cannot_open_the_socket():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/chat/", headers=[(b"origin", b"https://evil.example")]
        )
        connected, _ = await communicator.connect(timeout=5)
        await communicator.disconnect()
        return connected

    assert asyncio.run(scenario()) is False
