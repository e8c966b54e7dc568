"""A crowd asking a live story "anything newer?" is answered from the shared cache before the
rest of the stack runs (sessions, CSRF, authentication, the database): two cache reads a request.
Only an answer not kept yet reaches live.views.newer, which builds and keeps it."""

import re

from django.core.cache import cache

from live.views import after_of, answer, answer_key

NEWER = re.compile(r"^/live/(\d{1,18})/newer/$")


class LiveAnswersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = NEWER.match(request.path) if request.method == "GET" else None
        if found:
            key = answer_key(int(found.group(1)), after_of(request))
            body = cache.get(key) if key else None
            if body is not None:
                return answer(body, "hit")
        return self.get_response(request)
