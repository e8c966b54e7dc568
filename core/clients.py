"""Who sent a request, as far as the server can tell."""


def client_ip(request):
    """The client's address: REMOTE_ADDR only.

    A proxy's X-Forwarded-For can be forged by anyone unless the proxy is known, so it is not
    read here; flood control, rate limits and the stored IP hash all ask this one function.
    """
    return request.META.get("REMOTE_ADDR", "")
