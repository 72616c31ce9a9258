"""Acceptance check with a WebSocket client nobody wrote for this project.

Two clients using Python's `websockets` join a session, see each other in
presence, and exchange chat. Usage: python3 two_clients.py ws://HOST:PORT/ws/sessions/ID
Exits non-zero (with a message) if anything is missing.
"""
import asyncio
import json
import sys

import websockets


async def receive_until(socket, predicate, seconds=5.0):
    async def loop():
        while True:
            frame = json.loads(await socket.recv())
            if predicate(frame):
                return frame
    return await asyncio.wait_for(loop(), seconds)


async def main(url):
    async with websockets.connect(url) as ana, websockets.connect(url) as ben:
        await ana.send(json.dumps({"type": "join", "name": "Ana", "mode": "remote",
                                   "stakeholder": "civil_society", "region": "african"}))
        welcome_ana = await receive_until(ana, lambda f: f["type"] == "welcome")
        await ben.send(json.dumps({"type": "join", "name": "Ben", "mode": "onsite",
                                   "stakeholder": "government", "region": "asia_pacific",
                                   "hub": None}))
        await receive_until(ben, lambda f: f["type"] == "welcome")
        presence = await receive_until(ana, lambda f: f["type"] == "presence" and f["participants"] >= 2)
        assert presence["by_mode"]["onsite"] >= 1 and presence["by_mode"]["remote"] >= 1, presence
        await ana.send(json.dumps({"type": "chat.send", "id": "a1", "text": "Hello from Ana"}))
        message = await receive_until(ben, lambda f: f["type"] == "chat.message")
        assert message["text"] == "Hello from Ana" and message["from"]["name"] == "Ana", message
        assert message["seq"] > welcome_ana["seq"], (message, welcome_ana["seq"])
        ack = await receive_until(ana, lambda f: f["type"] == "ack")
        assert ack["id"] == "a1" and ack["seq"] == message["seq"], ack
        await ben.send("{not json")
        error = await receive_until(ben, lambda f: f["type"] == "error")
        assert error["code"] == "bad_json", error
        print(f"ok: presence {presence['participants']} participants, chat seq {message['seq']}, bad input -> {error['code']}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
