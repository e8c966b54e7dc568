"""Work that must not hold up the answer: run once the response has gone to the client.

The WSGI server closes a response after sending it, and Django then calls each of the
response's closers; callbacks added here run then, in the same process, with failures logged.
Used where the time an answer takes would tell something (the newsletter sign-up must answer
as fast for a known address as for a new one, so its mail goes out afterwards).
"""

import logging

logger = logging.getLogger(__name__)


def run_after_response(response, callback):
    def safely():
        try:
            callback()
        except Exception:
            logger.exception("Work deferred until after the response failed")

    # Django's own handlers add their closers to this list too (HttpResponseBase.close()).
    response._resource_closers.append(safely)
