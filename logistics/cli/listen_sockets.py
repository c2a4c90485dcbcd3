"""The sockets ``logistics serve`` listens on, bound before the store is opened.

uvicorn binds only after the application has started (store migrated, job workers
spawned): a port already in use then ended in its own log line and exit code 3. Bound
first, a host or port that cannot be listened on is one ``error:`` line, exit 2, before
any work.
"""

from __future__ import annotations

import errno
import socket

from logistics.errors import InvalidValueError

__all__ = ["listen_sockets"]

_BACKLOG = 2048  # uvicorn's default


def listen_sockets(host: str, port: int) -> list[socket.socket]:
    """Listening TCP sockets on every address of ``host`` at ``port``, as uvicorn (and
    asyncio's ``create_server``) would bind them.

    Raises
    ------
    InvalidValueError
        ``host`` names no address of this machine (field ``host``), or ``port`` is in
        use or needs privileges (field ``port``).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InvalidValueError("host", host, f"cannot listen there: {exc.strerror}") from None
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _name, address in dict.fromkeys(infos):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(_BACKLOG)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = f"already in use on {host} (is another server running there?)"
            raise InvalidValueError("port", port, reason) from None
        if exc.errno == errno.EACCES:
            reason = f"not allowed on {host}: {exc.strerror} (ports below 1024 need privileges)"
            raise InvalidValueError("port", port, reason) from None
        raise InvalidValueError("host", host, f"cannot listen there: {exc.strerror}") from None
    return sockets
