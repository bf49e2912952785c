"""Where a probe may connect: public addresses only, unless a network is allow-listed; and
whether a URL can be probed at all.

The address check runs inside the connection itself (`probe.GuardedBackend`, an httpcore network
backend): the host name is resolved once, every address is checked, and the socket is opened to a
checked address — so a redirect, a second DNS answer (DNS rebinding) or a literal IP in a URL
cannot slip past it. Pure: no Django, no HTTP library (forms and imports use it without loading
httpx).
"""

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from urllib.parse import urlsplit

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


def check_url(url: str) -> str | None:
    """Why a URL cannot be probed at all (Indonesian), or None."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return f"URL tidak sah: {exc}"
    if parts.scheme not in ("http", "https"):
        return "URL tidak sah: harus diawali http:// atau https://"
    if not parts.hostname:
        return "URL tidak sah: nama host tidak ada"
    if parts.username or parts.password:
        return "URL tidak sah: jangan sertakan nama pengguna atau kata sandi di URL"
    return None
