"""A database connection for a worker thread.

peewee keeps one connection per thread; a thread worker opens its own and must close it when it
is done, or each load would leave a connection (and its file handles) behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models import database_proxy


@contextmanager
def thread_connection() -> Iterator[None]:
    if database_proxy.obj is None:
        raise RuntimeError("no database open")
    with database_proxy.obj.connection_context():
        yield
