"""Benchmark of the application probes: 1,000 local endpoints, probed the way the worker does it.

Local web servers (loopback only, in a child process so they do not count in the prober's
memory) listen on 127.0.0.2, 127.0.0.3, … — distinct hosts, so the per-host politeness applies as
it would to real applications. The endpoints are probed with `probe.probe_many` and the worker's
own settings (`portfolio.tasks.WORKERS`, `HOST_GAP`), including the Observatory grade of each
host. Prints the wall time, the rate and the prober's resident memory before, between and after
the rounds; flat memory across rounds means results are not piling up.

    .venv/bin/python bench/portfolio_probe.py [--endpoints 1000] [--hosts 200] [--rounds 2]
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from ipaddress import ip_network
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "swanilai.settings")

import django  # noqa: E402

django.setup()

from portfolio.localservers import LocalServer, Page, Site, free_port  # noqa: E402
from portfolio.probe import ProbeOptions, probe_many  # noqa: E402
from portfolio.tasks import HOST_GAP, WORKERS  # noqa: E402

HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'self'"),
    ("Set-Cookie", "PHPSESSID=1; path=/"),
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def serve(hosts: int, ready, stop) -> None:
    """Child process: one server per loopback address; report (host, port) pairs, then wait."""
    site = Site(
        pages={
            "/": Page(headers=HEADERS, body="<!doctype html><title>x</title>" + "x" * 2000),
            "/masuk": Page(status=302, headers=[("Location", "/")]),
        }
    )
    servers = [LocalServer(site, host=f"127.0.0.{n + 2}") for n in range(hosts)]
    ready.send([(s.host, s.port) for s in servers])
    stop.wait()  # the servers' threads end with the process


def endpoints(addresses: list[tuple[str, int]], count: int) -> list[str]:
    paths = ["/", "/masuk", "/layanan", "/beranda", "/info"]
    return [
        f"http://{host}:{port}{paths[(n // len(addresses)) % len(paths)]}"
        for n, (host, port) in zip(range(count), addresses * (count // len(addresses) + 1), strict=False)
    ]


def run_round(urls: list[str], options: ProbeOptions, workers: int, gap: float) -> tuple[float, dict]:
    started = time.perf_counter()
    outcome = {"reachable": 0, "graded": 0, "other": 0}
    for _tag, report in probe_many([(url, None) for url in urls], options, workers=workers, gap=gap):
        outcome["reachable"] += report.reachable
        outcome["graded"] += bool(report.grade and report.grade.grade)
        outcome["other"] += not report.reachable
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=200, help="distinct loopback hosts (max 250)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--gap", type=float, default=HOST_GAP, help="seconds between two probes of one host")
    args = parser.parse_args()
    receive, send = multiprocessing.Pipe(duplex=False)
    stop = multiprocessing.Event()
    child = multiprocessing.Process(target=serve, args=(min(args.hosts, 250), send, stop), daemon=True)
    child.start()
    started = time.perf_counter()
    urls = endpoints(receive.recv(), args.endpoints)
    print(f"server lokal siap dalam {time.perf_counter() - started:.1f} s")
    closed = free_port()  # the Observatory's HTTPS chain meets a closed port, as on an HTTP-only server
    options = ProbeOptions(allowed_networks=(ip_network("127.0.0.0/8"),), https_port=closed, read_timeout=5)
    hosts = len({url.split("/")[2] for url in urls})
    print(f"{len(urls)} endpoint di {hosts} host lokal; {args.workers} pekerja, jeda per host {args.gap:g} s")
    print(f"memori pemrobe sebelum: {rss_mb():.1f} MB")
    try:
        for number in range(1, args.rounds + 1):
            wall, outcome = run_round(urls, options, args.workers, args.gap)
            counts = (
                f"terjangkau {outcome['reachable']}, dinilai {outcome['graded']}, gagal {outcome['other']}"
            )
            rate = len(urls) / wall
            memory = f"memori sesudah: {rss_mb():.1f} MB"
            print(f"putaran {number}: {wall:.2f} s, {rate:.0f} endpoint/s ({counts}); {memory}")
    finally:
        stop.set()
        child.join(timeout=2)
        if child.is_alive():
            child.terminate()
    print(f"memori puncak pemrobe: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
