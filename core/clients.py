"""Who sent a request, as far as the server can tell."""

import ipaddress
from functools import lru_cache

from django.conf import settings

from core.ratelimit import keyed_hash


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def parse_address(entry):
    """An address as a proxy may write it: "1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:443",
    or an IPv4 address mapped into IPv6 ("::ffff:10.0.0.1", as dual-stack listeners report it).
    Raises ValueError for anything else."""
    entry = entry.strip()
    if entry.startswith("["):
        entry = entry[1:].split("]", 1)[0]
    elif entry.count(":") == 1:
        entry = entry.split(":", 1)[0]
    ip = ipaddress.ip_address(entry)
    return ip.ipv4_mapped if ip.version == 6 and ip.ipv4_mapped else ip


def _is_trusted_proxy(address):
    try:
        ip = parse_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The client's address. Flood control, rate limits and the stored IP hash all ask this.

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES (our own reverse proxies or load
    balancers): then X-Forwarded-For is read from the right, each trusted proxy's entry is
    skipped, and the first address no proxy of ours wrote is the client. Entries further left
    came from the client itself and may be forged, so they are never used; with no trusted
    proxies the header is ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXIES or not _is_trusted_proxy(remote):
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    for address in reversed(forwarded):
        if not _is_trusted_proxy(address):
            try:
                return str(parse_address(address))
            except ValueError:
                return remote  # garbage where an address should be: trust nothing past it
    return remote


def hash_ip(ip_address):
    """A keyed hash of an address: lets moderators match posts without the address being stored."""
    return keyed_hash("ip", ip_address) if ip_address else ""
