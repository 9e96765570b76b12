import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.main import app


def receive_reply(websocket) -> list[str]:
    tokens = []
    while "done" not in (message := websocket.receive_json()):
        tokens.append(message["token"])
    return tokens


def test_answers_a_message_token_by_token_then_done():
    with TestClient(app).websocket_connect("/ws/chat") as websocket:
        websocket.send_json({"text": "hello from the lab"})
        assert receive_reply(websocket) == ["hello", "from", "the", "lab"]


def test_keeps_the_connection_open_for_the_next_message():
    with TestClient(app).websocket_connect("/ws/chat") as websocket:
        websocket.send_json({"text": "first"})
        assert receive_reply(websocket) == ["first"]
        websocket.send_json({"text": "second one"})
        assert receive_reply(websocket) == ["second", "one"]


def test_an_unknown_path_is_refused():
    with pytest.raises(WebSocketDisconnect):
        with TestClient(app).websocket_connect("/ws/other"):
            pass
