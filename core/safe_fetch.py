"""Fetching from other sites on an editor's behalf, bounded: http(s) only, public addresses only
(no loopback, private, link-local or reserved networks, checked at every redirect and connected
to by the address checked, so a name cannot be re-pointed between the check and the request),
a few redirects, a time limit and a size limit. Used at edit time only: a reader's request never
fetches anything from elsewhere.

FETCH_ALLOWED_NETWORKS (a setting, empty in production) lets the tests reach a stub on loopback.
"""

import ipaddress
import json
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

TIMEOUT = urllib3.Timeout(connect=3.0, read=5.0)
MAX_REDIRECTS = 3
USER_AGENT = "Newsroom (+https://github.com/newsroom) oEmbed"


class FetchRefused(Exception):
    """The address may not be fetched, or its answer was not usable; the message says why."""


@dataclass
class Fetched:
    url: str  # where the answer came from, after redirects
    status: int
    content_type: str
    body: bytes


def _allowed(address):
    networks = [ipaddress.ip_network(network) for network in getattr(settings, "FETCH_ALLOWED_NETWORKS", [])]
    if any(address in network for network in networks):
        return True
    return address.is_global and not address.is_multicast


def _public_address(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused(f"{host} could not be found") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not addresses or not all(_allowed(address) for address in addresses):
        raise FetchRefused(f"{host} is not on the public internet")
    return str(addresses[0])


def fetch(url, *, max_bytes=1_000_000, accept="*/*"):
    """GET `url` within the bounds above; raises FetchRefused with the reason."""
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused("only http and https addresses are fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _public_address(parts.hostname, port)
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                port,
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
                timeout=TIMEOUT,
                retries=False,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=TIMEOUT, retries=False)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept": accept},
                redirect=False,
                preload_content=False,
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchRefused(f"{parts.hostname} did not answer ({type(error).__name__})") from error
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            body = response.read(max_bytes + 1, decode_content=True)
            if len(body) > max_bytes:
                raise FetchRefused(f"the answer from {parts.hostname} is larger than {max_bytes:,} bytes")
            return Fetched(url, response.status, response.headers.get("Content-Type", ""), body)
        except urllib3.exceptions.HTTPError as error:
            raise FetchRefused(f"{parts.hostname} broke off its answer") from error
        finally:
            response.release_conn()
            pool.close()
    raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")


def fetch_json(url, **options):
    answer = fetch(url, accept="application/json", **options)
    if answer.status != 200:
        raise FetchRefused(f"the answer was {answer.status}")
    try:
        data = json.loads(answer.body)
    except ValueError as error:
        raise FetchRefused("the answer was not JSON") from error
    if not isinstance(data, dict):
        raise FetchRefused("the answer was not a JSON object")
    return data
