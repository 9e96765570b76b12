from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from .llm import generate_tokens  # async generator of str

app = FastAPI()


@app.websocket("/ws/chat")
async def chat(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive_json()
            async for token in generate_tokens(message["text"]):
                await websocket.send_json({"token": token})
            await websocket.send_json({"done": True})
    except WebSocketDisconnect:
        pass  # the client left; nothing to clean up here
