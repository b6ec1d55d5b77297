"""Work in a forked copy of the build process, on the machine's second core.

Python runs one thread at a time. A forked copy has everything this process has (the validated
items, the renderer, the shells) without loading or validating anything again; what it finds
comes back pickled over a pipe, as plain data. It is safe because the process has no other thread
when it forks (Forked.safe), and the copy never returns into the caller's code: it ends with
os._exit, so no `finally` of the build (which removes the build folder) runs twice. The pipe only
ever connects this process to its own copy, so pickle reads nothing foreign.

Used by the validation (check.py: the file rules of the last files; pipeline.validated: the whole
validation, so that its parse trees never stay in the build process) and by the stamp (aside.py).
"""

from __future__ import annotations

import os
import pickle
import select
import sys
import threading
from collections.abc import Callable

_FAILED = 70  # the copy's exit code after an error it could not send
ENABLED = True  # tests compare a build in one process with one in several


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _put(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, len(data).to_bytes(8, "big") + data)


def _get(fd: int) -> object:
    return pickle.loads(_read_exactly(fd, int.from_bytes(_read_exactly(fd, 8), "big")))


def _waiting(fd: int) -> bool:
    return bool(select.select([fd], [], [], 0)[0])


class Forked:
    """Work in a forked copy of this process, with a pipe each way for pickled messages.

    Each message is framed by its length and read without a buffer in between, so that ready() and
    told() can ask the pipe itself whether one is waiting. error: the kind of exception that stands
    for a failure here; the copy's own of that kind comes back as one with its message, any other
    as one that names it.
    """

    def __init__(self, error: type[Exception] = RuntimeError):
        self.error = error
        self.pid: int | None = None
        self.fd: int | None = None  # here: what the copy sends
        self.to_copy: int | None = None  # here: what the copy hears
        self.inbox: int | None = None  # in the copy: what this process tells it

    @staticmethod
    def safe() -> bool:
        """A second core, and no other thread that the copy would hold half-way (a lock it had, say)."""
        return ENABLED and (os.cpu_count() or 1) > 1 and threading.active_count() == 1

    def start(self, work: Callable[[Callable[[object], None]], None]) -> None:
        """Run work(send) in the copy; each send(message) reaches receive() here, in order."""
        read_end, write_end = os.pipe()
        inbox, to_copy = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            stream.flush()
        pid = os.fork()
        if pid == 0:  # the copy
            code = _FAILED
            try:
                os.close(read_end)
                os.close(to_copy)
                self.inbox = inbox
                try:
                    work(lambda message: _put(write_end, ("ok", message)))
                    code = 0
                except self.error as err:
                    _put(write_end, ("own", str(err)))
                except BaseException as err:  # noqa: BLE001 - reported by the parent, in Dutch
                    _put(write_end, ("error", f"{type(err).__name__}: {err}"))
            finally:
                os._exit(code)
        os.close(write_end)
        os.close(inbox)
        self.pid, self.fd, self.to_copy = pid, read_end, to_copy

    def ready(self) -> bool:
        """Here: whether a message (or the copy's end) is waiting, so that receive() would not block."""
        return _waiting(self.fd)

    def receive(self) -> object:
        """Here: the copy's next message; its error raised here."""
        try:
            kind, message = _get(self.fd)
        except (EOFError, pickle.UnpicklingError, OSError) as err:
            raise self.error(f"het tweede bouwproces stopte onverwacht ({type(err).__name__})") from None
        if kind == "own":
            raise self.error(message)
        if kind != "ok":
            raise self.error(f"het tweede bouwproces faalde: {message}")
        return message

    def tell(self, message: object) -> None:
        """Here: send the copy a message."""
        try:
            _put(self.to_copy, message)
        except BrokenPipeError:  # the copy ended already; receive() says why
            pass

    def told(self) -> bool:
        """In the copy: whether a message from the parent is waiting."""
        return _waiting(self.inbox)

    def heard(self) -> object:
        """In the copy: the parent's next message (waits for it)."""
        return _get(self.inbox)

    def stop(self) -> None:
        """End the copy (if it still runs) and reap it; no process is left behind."""
        if self.pid is not None:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None
        for fd in (self.fd, self.to_copy):
            if fd is not None:
                os.close(fd)
        self.fd = self.to_copy = None

    def wait(self) -> None:
        """After its last message: reap the copy, which ends by itself."""
        if self.pid is not None:
            _pid, status = os.waitpid(self.pid, 0)
            self.pid = None
            if os.waitstatus_to_exitcode(status) != 0:
                raise self.error("het tweede bouwproces eindigde met een fout")
        self.stop()

    def run(self, work: Callable[[], object]) -> object:
        """work() in a copy, its result here: whatever the copy allocated on the way is gone with it."""
        self.start(lambda send: send(work()))
        try:
            result = self.receive()
            self.wait()
            return result
        finally:
            self.stop()
