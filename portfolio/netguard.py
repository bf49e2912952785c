"""Where a probe may connect: public addresses only, unless a network is allow-listed.

The check runs inside the connection itself (an httpcore network backend): the host name is
resolved once, every address is checked, and the socket is opened to a checked address — so
a redirect, a second DNS answer (DNS rebinding) or a literal IP in a URL cannot slip past it.
TLS still uses the host name for SNI and certificate checks. Pure: no Django.
"""

import socket
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

import httpcore
from httpcore._backends.sync import SyncBackend, SyncStream

REASONS = [
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_unspecified", "tidak spesifik"),
    ("is_private", "privat"),
    ("is_reserved", "cadangan"),
]


class BlockedAddress(Exception):
    """The probe refused to connect; the message says why, in Indonesian."""


def parse_networks(text: str | Iterable[str]) -> tuple:
    """Allow-listed networks from text (one CIDR or address per line or comma-separated)."""
    items = text.replace(",", "\n").splitlines() if isinstance(text, str) else list(text)
    networks = []
    for item in (i.strip() for i in items):
        if item and not item.startswith("#"):
            networks.append(ip_network(item, strict=False))
    return tuple(networks)


def address_kind(ip: IPv4Address | IPv6Address) -> str:
    for attribute, label in REASONS:
        if getattr(ip, attribute):
            return label
    return "bukan publik"


def address_problem(address: str, allow_private: bool = False, allowed_networks: tuple = ()) -> str | None:
    """Why connecting to `address` is refused, or None if it is allowed."""
    ip = ip_address(address.split("%")[0])
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if allow_private or any(ip.version == net.version and ip in net for net in allowed_networks):
        return None
    if ip.is_global and not ip.is_multicast:
        return None
    return f"alamat {ip} ({address_kind(ip)})"


class GuardedBackend(SyncBackend):
    """Resolve, check, then connect to the checked address."""

    def __init__(self, allow_private: bool = False, allowed_networks: tuple = ()):
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks

    def resolve(self, host: str, port: int) -> list[str]:
        """Checked addresses for host; BlockedAddress if none is allowed."""
        try:
            infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"nama host {host} tidak dapat di-resolve ({exc.strerror})") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        allowed, problems = [], []
        for address in addresses:
            problem = address_problem(address, self.allow_private, self.allowed_networks)
            (problems if problem else allowed).append(problem or address)
        if not allowed:
            raise BlockedAddress(
                f"{host} mengarah ke {', '.join(problems)}; probe tidak terhubung ke jaringan privat, "
                f"loopback atau link-local kecuali jaringan itu ada di daftar izin instansi "
                f"(atau --allow-private)."
            )
        return allowed

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error = None
        for address in self.resolve(host, port):
            try:
                sock = socket.create_connection((address, port), timeout)
            except TimeoutError as exc:
                last_error = httpcore.ConnectTimeout(f"waktu habis saat menyambung ke {address}:{port}")
                last_error.__cause__ = exc
                continue
            except OSError as exc:
                last_error = httpcore.ConnectError(f"{address}:{port}: {exc.strerror or exc}")
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return SyncStream(sock)
        raise last_error
