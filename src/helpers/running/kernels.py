"""Warm kernels for papermill: every page gets a fresh kernel whose imports are already done.

It plugs into papermill through nbclient's `kernel_manager_class` (an engine keyword argument):
`WarmKernelManager` is jupyter_client's own kernel manager with a provisioner that asks the run's
kernel zygote (`zygote.py`) for a fork instead of starting `python -m ipykernel_launcher`, and a
client and shutdown that do not wait longer than the kernel needs. Without a zygote (not started,
or it failed) kernels start the ordinary way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type, default

from helpers.running.zygote import (
    KERNEL_FOLDER,
    SPARE_LOG,
    ZYGOTE_ENV,
    fork_kernel,
    unix_sockets_fit,
)


class ForkedKernel:
    """What jupyter_client's provisioner needs of a Popen, for a kernel the zygote forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return 0  # gone (the zygote reaps its children, so no exit status is kept)
        return None

    def wait(self, timeout: float | None = None) -> int:
        return 0 if self.poll() is not None else -1

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def lower_priority(pid: int | None, niceness: int) -> None:
    """Lower the kernel's priority by `niceness` steps (any user may lower their own)."""
    if pid and niceness:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, pid) + niceness)


class ZygoteProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernel is a fork of the warm zygote (or, failing that, its own)."""

    spare_folder: str | None = None

    @property
    def kernel_niceness(self) -> int:
        """The manager's (`WarmKernelManager.niced`): how much lower the kernel's priority is."""
        return getattr(self.parent, "kernel_niceness", 0)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        address = os.environ.get(ZYGOTE_ENV)
        if not address or "-f" not in cmd:
            return await self._launch_cold(cmd, **kwargs)
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        env.pop(ZYGOTE_ENV, None)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            kernel = fork_kernel(address, cmd[cmd.index("-f") + 1], cwd, env)
        except OSError:  # no zygote: start this kernel cold, as papermill would
            return await self._launch_cold(cmd, **kwargs)
        self.process = ForkedKernel(kernel["pid"])
        lower_priority(kernel["pid"], self.kernel_niceness)
        self.pid = self.pgid = kernel["pid"]
        self.cwd = cwd
        if "connection" not in kernel:  # forked for this page, on its connection file
            return self.connection_info
        # A spare kernel, already running on connection details of its own: jupyter_client's
        # kernel manager takes a provisioner's as the truth (`_reconcile_connection_info`).
        self.spare_folder = kernel["folder"]
        return {**kernel["connection"], "key": kernel["connection"]["key"].encode()}

    async def _launch_cold(self, cmd: list[str], **kwargs: Any) -> Any:
        """A kernel started as papermill would start it (`python -m ipykernel_launcher`)."""
        info = await super().launch_kernel(cmd, **kwargs)
        lower_priority(self.pid, self.kernel_niceness)
        return info

    async def cleanup(self, restart: bool = False) -> None:
        """Also a spare kernel's folder, once its log is added to the page's (this worker's
        stderr, which `workers.execute_page` sends to the page's log)."""
        await super().cleanup(restart=restart)
        if self.spare_folder and not restart:
            log = Path(self.spare_folder) / SPARE_LOG
            with contextlib.suppress(OSError):
                sys.stderr.flush()
                os.write(2, log.read_bytes())
            shutil.rmtree(self.spare_folder, ignore_errors=True)
            self.spare_folder = None


# Called once a page's kernel has answered (`when_kernel_ready`): the worker's own work that can
# wait until then starts there, not while the kernel is still being started.
_on_ready: list[Callable[[], None]] = []


@contextlib.contextmanager
def when_kernel_ready(action: Callable[[], None]) -> Iterator[None]:
    """Within the block, call `action` once the page's kernel has answered."""
    _on_ready.append(action)
    try:
        yield
    finally:
        _on_ready.remove(action)


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's kernel client, ready the moment the kernel has answered.

    Its own `wait_for_ready` ends by listening to IOPub until 0.2 s pass with no message: 0.2 s
    of waiting for nothing on every page. This one stops at the kernel's "idle" for its own
    request, which is the last message the kernel sends for it (and proves IOPub is connected).
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        asked: set[str] = set()
        while True:
            asked.add(self.kernel_info())
            with contextlib.suppress(Empty):
                reply = await self.shell_channel.get_msg(timeout=1)
                if reply["msg_type"] == "kernel_info_reply" and await self._idle_after(asked):
                    self._handle_kernel_info_reply(reply)
                    for action in _on_ready:
                        action()
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_after(self, asked: set[str]) -> bool:
        """Whether IOPub brings the kernel's "idle" for one of our requests (False if IOPub is
        not connected yet, as with ZeroMQ's subscriptions it may not be: the caller asks again)."""
        while True:
            try:
                message = await self.iopub_channel.get_msg(timeout=0.2)
            except Empty:
                return False
            if (
                message["msg_type"] == "status"
                and message["content"].get("execution_state") == "idle"
                and message["parent_header"].get("msg_id") in asked
            ):
                return True


class WarmKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, starting each kernel from the zygote when there is one,
    with a client that does not idle once the kernel is ready (`PromptKernelClient`)."""

    # Added to its kernels' nice value once they run (`niced`, `jobs.kernel_niceness`).
    kernel_niceness = 0

    @classmethod
    def niced(cls, niceness: int) -> type[WarmKernelManager]:
        """This manager, for kernels `niceness` steps lower in the system's priority."""
        if not niceness:
            return cls
        return type(cls.__name__, (cls,), {"kernel_niceness": niceness})

    # The kernel's sockets are Unix sockets in a folder of its own that only this user can enter,
    # not TCP ports on localhost, which any user of the machine could connect to and read a page's
    # outputs (children's data) from. TCP only where the temporary folder's path is too long for a
    # socket's name (107 bytes on Linux).
    _ipc_folder: str | None = None

    @default("transport")
    def _private_transport(self) -> str:
        return "ipc" if unix_sockets_fit() else "tcp"

    def _ip_default(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        # Asked again when a spare kernel's connection replaces this one (its `ip` is reset
        # on the way): the same folder, never a second one that nothing would remove.
        self._ipc_folder = self._ipc_folder or tempfile.mkdtemp(prefix=KERNEL_FOLDER)  # 0700
        return os.path.join(self._ipc_folder, "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._ipc_folder and not restart:
            shutil.rmtree(self._ipc_folder, ignore_errors=True)

    client_class = DottedObjectName("helpers.running.kernels.PromptKernelClient")
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and os.environ.get(ZYGOTE_ENV):
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or self._new_id()
            self.provisioner = ZygoteProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)

    async def _async_finish_shutdown(
        self, waittime: float | None = None, pollinterval: float = 0.1, restart: bool = False
    ) -> None:
        # A page's kernel is gone some milliseconds after it is asked to stop; jupyter_client
        # looks every 0.1 s, so each page waited most of that for nothing.
        await super()._async_finish_shutdown(waittime, min(pollinterval, 0.01), restart)

    @staticmethod
    def _new_id() -> str:
        import uuid

        return str(uuid.uuid4())
