"""Room mode: the calculators' web pages for a room of participants, from the trainer's laptop.

``bash scripts/trainer-app --room`` (or ``guidance serve --room``) calls :func:`serve_room`:
one server process on the room's network and on 127.0.0.1, behind an access code
(:mod:`guidance.frontends.web.security`). It prints the join address with the code, and a
QR code of it to scan from a phone. Participants' inputs live in their pages' addresses;
saves, exports and uploads go back to their own devices: the laptop keeps nothing they
type or upload, and writes no access log.

Example
-------
>>> join_address("192.168.1.20", 8866, "K7QMX-3PD4R")
'http://192.168.1.20:8866/code?code=K7QMX-3PD4R'
>>> sorted(room_hosts("192.168.1.20", 8866, "trainer-laptop"))[:3]
['127.0.0.1:8866', '192.168.1.20:8866', '[::1]:8866']
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from urllib.parse import quote

import segno
import uvicorn

from .app import Settings, create_app
from .security import CODE_PATH, check_code, loopback_hosts, new_code
from .serve import ENV_BOOK_URL

__all__ = ["join_address", "network_address", "room_hosts", "room_sockets", "serve_room"]


def network_address() -> str:
    """This computer's address on its network, as participants' devices reach it.

    The operating system picks the route for a UDP "connection" without sending a packet;
    with no network it is 127.0.0.1.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 9))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def room_hosts(address: str, port: int, hostname: str | None = None) -> frozenset[str]:
    """The ``Host`` values the room answers to: its address, this computer's names, loopback."""
    hostname = (hostname if hostname is not None else socket.gethostname()).lower()
    hosts = set(loopback_hosts(port)) | {f"{address}:{port}"}
    if hostname:
        hosts |= {f"{hostname}:{port}", f"{hostname.split('.')[0]}.local:{port}"}
    return frozenset(hosts)


def join_address(address: str, port: int, code: str) -> str:
    """The address that joins the room with its code (what the QR code holds)."""
    return f"http://{address}:{port}{CODE_PATH}?code={quote(code)}"


def room_sockets(address: str, port: int, everywhere: bool) -> list[socket.socket]:
    """Listening sockets: every address of this computer, or ``address`` and 127.0.0.1.

    Raises
    ------
    OSError
        When the port is in use or the address is not this computer's.
    """
    binds = [("0.0.0.0", port)] if everywhere else [(address, port)]
    if not everywhere and address != "127.0.0.1":
        binds.append(("127.0.0.1", port))
    sockets = []
    try:
        for host, number in binds:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, number))
            s.set_inheritable(True)
            sockets.append(s)
    except OSError:
        for s in sockets:
            s.close()
        raise
    return sockets


def _announce(join: str, address: str, port: int, code: str) -> None:
    print()
    print("The calculator room is open. Participants join at:")
    print(f"  {join}")
    print(f"or go to http://{address}:{port}/ and type the access code: {code}")
    print(segno.make(join, error="l").terminal(compact=True) or "", end="")
    print(f"On this computer: http://127.0.0.1:{port}/ (the same code)")
    print(
        "Nothing participants type or upload is kept on this computer: their inputs are in "
        "their pages' addresses, and saves and exports download to their own devices."
    )
    print("Press Ctrl+C to close the room.", flush=True)


def serve_room(
    port: int = 8866, code: str = "", address: str = "", book_url: str | None = None
) -> int:
    """Serve the room until Ctrl+C; the exit status (2 with a message for a bad option).

    Parameters
    ----------
    port : int
        The port on every address (8866).
    code : str
        The trainer's own access code (checked: at least 8 letters or digits, not
        guessable); empty for a new random one.
    address : str
        The address participants use. Empty: this computer's network address is found and
        the room listens on all its addresses; given: the room listens on it and on
        127.0.0.1 only.
    book_url : str, optional
        The published book's address, where each calculator links its chapter (default:
        ``$GUIDANCE_BOOK_URL``).
    """
    if book_url is None:
        book_url = os.environ.get(ENV_BOOK_URL, "")
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        print(f"--port must be a whole number from 1 to 65535; got {port}", file=sys.stderr)
        return 2
    try:
        code = check_code(code) if code.strip() else new_code()
    except ValueError as error:
        print(f"--code: {error}", file=sys.stderr)
        return 2
    everywhere = not address.strip()
    address = address.strip() or network_address()
    try:
        sockets = room_sockets(address, port, everywhere)
    except OSError as error:
        print(
            f"Cannot listen on {address} port {port} ({error.strerror or error}). "
            "Is the room already open? Choose another with --port, or check --address.",
            file=sys.stderr,
        )
        return 2
    settings = Settings(
        mode="room",
        port=port,
        hosts=tuple(room_hosts(address, port)),
        code=code,
        book_url=book_url.strip(),
    )
    config = uvicorn.Config(
        create_app(settings),
        access_log=False,  # addresses hold participants' inputs: never logged
        log_level="warning",
        server_header=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.ensure_future(server.serve(sockets=sockets))
        while not server.started and not task.done():
            await asyncio.sleep(0.05)
        if server.started:
            _announce(join_address(address, port, code), address, port, code)
        await task

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    finally:
        for s in sockets:
            s.close()
    print("The room is closed.", flush=True)
    return 0 if server.started else 1
