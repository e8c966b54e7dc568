"""Who sent a request, as far as the server can tell."""

from core.ratelimit import keyed_hash


def client_ip(request):
    """The client's address: REMOTE_ADDR only.

    A proxy's X-Forwarded-For can be forged by anyone unless the proxy is known, so it is not
    read here; flood control, rate limits and the stored IP hash all ask this one function.
    """
    return request.META.get("REMOTE_ADDR", "")


def hash_ip(ip_address):
    """A keyed hash of an address: lets moderators match posts without the address being stored."""
    return keyed_hash("ip", ip_address) if ip_address else ""
