import asyncio
import os
import socket
import subprocess
import sys

from load_bench.processes import MemoryWatch, Server, cpu_seconds, pids_listening_on, read_status, with_descendants

GONE = 2**22 + 12345  # above the kernel's pid_max default of 4,194,304


def test_status_and_cpu_of_this_process():
    status = read_status(os.getpid())
    assert status["VmRSS"] > 0 and status["VmHWM"] >= status["VmRSS"]
    assert cpu_seconds(os.getpid()) > 0


def test_a_process_that_is_gone_reads_as_nothing():
    assert read_status(GONE) == {}
    assert cpu_seconds(GONE) == 0.0


def test_a_server_counts_the_processes_it_forked():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in with_descendants(os.getpid())
        server = Server("api", os.getpid())
        assert server.pids()[0] == os.getpid() and child.pid in server.pids()
        own, own_cpu = read_status(os.getpid()), cpu_seconds(os.getpid())  # read first: they only grow
        assert server.rss_kib() > own["VmRSS"]
        assert server.hwm_kib() >= own["VmHWM"]
        assert server.cpu() >= own_cpu
    finally:
        child.kill()
        child.wait()


def test_the_process_listening_on_a_port_is_found():
    # This process's own fd/ listing opens and closes a descriptor while it is read: that one
    # descriptor is skipped, not the whole process.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert os.getpid() in pids_listening_on(port)
    assert os.getpid() not in pids_listening_on(port)


def test_memory_watch_keeps_the_peaks():
    class Fixed(Server):
        def __init__(self, name, values):
            super().__init__(name, 0)
            self.values = iter(values)

        def rss_kib(self):
            return next(self.values)

    watch = MemoryWatch([Fixed("api", [100, 300, 200]), Fixed("rasa", [1000, 500, 900])])
    for _ in range(3):
        watch.sample()
    assert watch.peak == {"api": 300, "rasa": 1000}
    assert watch.peak_total == 1100


def test_memory_watch_samples_until_cancelled():
    async def watch_briefly():
        watch = MemoryWatch([Server("api", os.getpid())])
        task = asyncio.create_task(watch.run(interval=0.01))
        await asyncio.sleep(0.05)
        task.cancel()
        return watch

    assert asyncio.run(watch_briefly()).peak["api"] > 0


def test_nobody_listens_on_a_closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert pids_listening_on(port) == []
