"""Simulated people for the load test (``benchmarks/room_load.py`` runs locust on this file).

* :class:`RoomParticipant` - joins the room with its code, opens a calculator, makes
  ``ROOM_CHANGES`` changes ``ROOM_PAUSE`` seconds apart (each a new page for the changed
  address, as the form's Calculate gives), exports once, and leaves;
* :class:`PublicReader` - a reader of the published site: opens a calculator, then changes
  an input every ``READER_PAUSE`` seconds, from an address of its own (sent as
  ``X-Forwarded-For``, as a load balancer would; the benchmarking range 198.18.0.0/15, a
  header only: every request goes to 127.0.0.1).

Only the host given to locust is asked (room_load.py gives http://127.0.0.1:PORT).
"""

from __future__ import annotations

import itertools
import os

import gevent
from load_inputs import NAMES, address, changing
from locust import FastHttpUser, constant, constant_pacing, task
from locust.exception import StopUser

CODE = os.environ.get("ROOM_CODE", "")
CHANGES = int(os.environ.get("ROOM_CHANGES", "10"))
PAUSE = float(os.environ.get("ROOM_PAUSE", "5"))
READER_PAUSE = float(os.environ.get("READER_PAUSE", "20"))
EXPORT = os.environ.get("EXPORT_PAGE", "export.xlsx")
_numbers = itertools.count()


class RoomParticipant(FastHttpUser):
    """One participant in a room session (see the module)."""

    wait_time = constant(0)

    @task
    def session(self) -> None:
        number = next(_numbers)
        name = NAMES[number % len(NAMES)]
        field, values = changing(name)
        with self.client.get(f"/code?code={CODE}", name="join", catch_response=True) as r:
            if r.status_code != 200 or "code" in r.url.rsplit("/", 1)[-1]:
                r.failure(f"join gave {r.status_code} at {r.url}")
        self.client.get(f"/calculators/{name}", name="open")
        for i in range(CHANGES):
            gevent.sleep(PAUSE)
            self.client.get(address(name, field, values[i % len(values)]), name="change")
        if EXPORT:  # empty: the pages have no export to ask for
            self.client.get(address(name, field, values[0], EXPORT), name="export")
        raise StopUser()


class PublicReader(FastHttpUser):
    """One reader of the public site (see the module)."""

    wait_time = constant_pacing(READER_PAUSE)

    def on_start(self) -> None:
        number = next(_numbers)
        self.name = NAMES[number % len(NAMES)]
        self.field, self.values = changing(self.name)
        self.turn = 0
        self.headers = {"X-Forwarded-For": f"198.18.{number // 250}.{number % 250 + 1}"}

    @task
    def change(self) -> None:
        value = self.values[self.turn % len(self.values)]
        self.turn += 1
        self.client.get(address(self.name, self.field, value), name="change", headers=self.headers)
