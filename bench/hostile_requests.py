"""What the hostile sweep (bench/hostile_sweep.py) sends: the parameters and fields the site reads,
hostile values for them, odd headers, hostile POST bodies (odd charsets, broken multipart, JSON,
invalid UTF-8, huge and repeated fields), and one request on a raw socket to send them with."""

import http.client
import json
import os
import select
import socket
from itertools import cycle
from urllib.parse import urlencode

# Every query parameter some view, middleware or template reads (public, WordPress legacy, admin).
PARAMS = """page p q cpage replyto comments voted held s page_id feed paged attachment_id cat tag author m
    year month day week after against left right ids url term app_label model_name field_name next
    _changelist_filters o all _popup _to_field e change username status__exact publish_at__year""".split()  # noqa: SIM905
FIELDS = """name email body author_url parent kind stars next q title headline slug action _selected_action
    index post username password note replace_later back end position select_across""".split()  # noqa: SIM905
# Hostile values, percent-encoded as they go into paths and query strings.
HOSTILE = (
    ["A" * 300, "a" * 2000]
    + """%00 a%00b %ff %ff%fe%fd ..%2f..%2f..%2fetc%2fpasswd ..%5c..%5cwin.ini
    %E2%80%AEgpj.exe %F0%9F%92%A9%F0%9F%94%A5 %27%20OR%20%271%27%3D%271%27-- 1%3BDROP%20TABLE%20articles_article
    99999999999999999999 9223372036854775808 -1 0 1e309 NaN %25 %zz %C0%AE%C0%AE %ED%A0%80
    %3Cscript%3Ealert(1)%3C%2Fscript%3E %0d%0aSet-Cookie:%20x=1 %7B%7B7*7%7D%7D""".split()  # noqa: SIM905
)
RAW = ["\x00", "\u202eexe.txt", "\U0001f4a9", "' OR 1=1--", "99999999999999999999", "-1", "\ud800", "é" * 50]
# The hostile values as form fields (lone surrogates replaced, as a browser would send them).
RAW_FORM = [(f, v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")) for f, v in zip(FIELDS, cycle(RAW))]
# Odd headers for a GET of each pattern's real address (" | " separates two headers of one request).
ODD_HEADERS = [
    [tuple(h.split(": ", 1)) for h in line.split(" | ")]
    for line in """Accept: application/json
    Accept: */*;q=abc, text/html;level=99999999999999999999
    Accept-Encoding: gzip;q=NaN, br;q=-1, identity;q=0, *;q=0
    Accept-Language: zz-ZZ,xx;q=0.9,*;q=bogus,../../etc/passwd
    Accept-Language: \u202ear-\U0001f4a9
    If-None-Match: * | If-Modified-Since: Thu, 31 Dec 9999 23:59:59 GMT
    If-Modified-Since: yesterday
    Range: bytes=0-0
    Range: bytes=99999999999999999999-
    Range: bytes=a-b,-1,5-2
    Host: evil.example
    Host: 127.0.0.1:99999999999
    X-Forwarded-Proto: https, http
    Cookie: sessionid=%ff%00; csrftoken=xxx; messages=garbage; comment_draft=\xff; primary=1
    Content-Type: application/json; charset=bogus
    Content-Length: 0 | Transfer-Encoding: gzip""".splitlines()
]
ODD_HEADERS = [[(k.strip(), v) for k, v in headers] for headers in ODD_HEADERS] + [
    [("Accept-Encoding", "x," * 2000)],
    [("Accept-Language", "en-" + "a" * 4000)],
    [("If-None-Match", '"*", W/"", "' + "x" * 3000 + '"')],
    [("X-Forwarded-For", "1.2.3.4, not-an-ip, ::ffff:999.1.1.1, " + "9" * 300)],
]
# Sent with a plain form POST (a Referer that is no address, a foreign one; an opaque Origin).
POST_HEADERS = [[("Referer", "99999999999999999999")], [("Referer", "http://evil.example/x")], [("Origin", "null")]]
FORM = "application/x-www-form-urlencoded"
SEQ = iter(range(10**9))  # request ids


def send(port, method, target, headers=(), body=b"", timeout=40, length=True):
    """One request on a raw socket (http.client refuses hostile request lines). The body goes in 64 KiB
    chunks and stops early if the server has already answered (a refusal of a 20 MB upload).
    Returns (status or "timeout"/"conn-error: ...", request id)."""
    rid = f"sweep-{next(SEQ):07d}"
    names = {name.lower() for name, _ in headers}
    head = [f"{method} {target} HTTP/1.1"] + ([] if "host" in names else [f"Host: 127.0.0.1:{port}"])
    head += (
        [f"{k}: {v}" for k, v in headers]
        + ["Connection: close"]
        + ([] if "x-request-id" in names else [f"X-Request-ID: {rid}"])
    )
    if length and "content-length" not in names and (body or method == "POST"):
        head.append(f"Content-Length: {len(body)}")
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as error:
        return f"conn-error: {error}", rid
    try:
        try:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("utf-8", "surrogateescape"))
            view = memoryview(body)
            for start in range(0, len(body), 65536):
                if select.select([sock], [], [], 0)[0]:
                    break
                sock.sendall(view[start : start + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: its answer, if any, is read below
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        return response.status, response.getheader("X-Request-ID", rid)
    except TimeoutError:
        return "timeout", rid
    except (OSError, http.client.HTTPException) as error:
        return f"conn-error: {type(error).__name__}", rid
    finally:
        sock.close()


def multipart(fields, boundary="sweepB0undary", files=(), end=True):
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v + b"\r\n" for k, v in fields
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{n}"\r\n'
        f"Content-Type: image/jpeg\r\n\r\n".encode()
        + data
        + b"\r\n"
        for k, n, data in files
    ]
    return b"".join(parts) + (f"--{boundary}--\r\n".encode() if end else b"")


def bodies(token, big):
    """(label, content type, body) of each hostile POST; the CSRF token (if any) rides in each form."""
    tok = [("csrfmiddlewaretoken", token)] if token else []
    text = RAW_FORM + tok
    b = [(k, v.encode("utf-8", "replace")) for k, v in text]
    yield "form utf-8", FORM, urlencode(text).encode()
    yield (
        "form charset=latin-1",
        FORM + "; charset=latin-1",
        urlencode(text, encoding="latin-1", errors="replace").encode(),
    )
    yield "form charset=utf-16", FORM + "; charset=utf-16", urlencode(text).encode().decode().encode("utf-16")
    yield "form charset=bogus", FORM + "; charset=bogus", urlencode(text).encode()
    yield "form invalid utf-8", FORM, b"body=\xff\xfe\xc0\xaf&name=%ff%fe&email=\xed\xa0\x80&" + urlencode(tok).encode()
    yield "form text/plain", "text/plain", urlencode(text).encode()
    yield "multipart", "multipart/form-data; boundary=sweepB0undary", multipart(b)
    yield "multipart charset=utf-16", "multipart/form-data; boundary=sweepB0undary; charset=utf-16", multipart(b)
    yield "multipart wrong boundary", "multipart/form-data; boundary=other", multipart(b)
    yield "multipart no boundary", "multipart/form-data", multipart(b)
    yield "multipart unterminated", "multipart/form-data; boundary=sweepB0undary", multipart(b, end=False)[:-7]
    evil = [("file", "../../..\x00/\u202egpj.exe", b"\xff\xd8\xff" + os.urandom(64))]
    yield "multipart evil filename", "multipart/form-data; boundary=sweepB0undary", multipart(b, files=evil)
    many = [(f"f{n}", f"{n}.jpg", b"x") for n in range(150)]
    yield "multipart 150 files", "multipart/form-data; boundary=sweepB0undary", multipart(b, files=many)
    yield "json", "application/json", json.dumps(dict(text) | {"stars": 99999999999999999999, "kind": [None]}).encode()
    yield "json invalid", "application/json; charset=utf-8", b'{"body": "\xff", "a": [1, 2'
    yield "field repeated x5000", FORM, ("&".join(["body=x"] * 5000) + "&" + urlencode(tok)).encode()
    yield "fields repeated x900", FORM, ("&".join(["kind=happy&stars=5&q=x"] * 300) + "&" + urlencode(tok)).encode()
    yield "form 1 MB", FORM, urlencode(text + [("body", "A" * 2**20)]).encode()
    yield "form 20 MB", FORM, urlencode(tok + [("body", "A" * 20 * 2**20)]).encode()
    if big:
        yield (
            "multipart 20 MB file",
            "multipart/form-data; boundary=sweepB0undary",
            multipart(b, files=[("file", "big.jpg", b"\xff\xd8\xff" + b"\0" * 20 * 2**20)]),
        )
