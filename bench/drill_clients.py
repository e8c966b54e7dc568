"""The fault drill's clients (bench/drill.py): one-request HTTP fetches, the CSRF pair a shared
page's forms get, and a phase's load of readers, a commenter and a voter, with what each comment
post's answer says about the comment."""

import collections
import http.client
import json
import secrets
import threading
import urllib.parse

# A reader carrying one of settings.PAGE_CACHE_BYPASS_COOKIES gets a page built for them: no page-cache
# hit and no stale copy can answer (the page cache's _is_cacheable). "messages" is Django's flash
# messages cookie; a value that is not signed is ignored by the messages framework.
PROBE_COOKIE = "messages=drill-probe"
# What a comment post answers when the comment was saved: 303 to (or JSON naming) its anchor.
SAVED_ANCHOR = "#comment-"

Answer = collections.namedtuple("Answer", "status cookies text headers")


def fetch(port, method, path, body=None, headers=None, timeout=10):
    """One request on a fresh connection: Answer(status, or "err"/"timeout"; the cookies set; the text;
    the other headers, by lower-case name)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        cookies = dict(c.split(";")[0].split("=", 1) for c in resp.headers.get_all("Set-Cookie") or [])
        named = {name.lower(): value for name, value in resp.getheaders() if name.lower() != "set-cookie"}
        return Answer(resp.status, cookies, resp.read().decode("utf-8", "replace"), named)
    except TimeoutError:
        return Answer("timeout", {}, "", {})
    except (OSError, http.client.HTTPException):
        return Answer("err", {}, "", {})
    finally:
        conn.close()


def comment_outcome(answer):
    """What a comment post's answer says: "acked" when the comment was saved (a 303 whose Location, or a
    JSON answer whose "location", carries #comment-<id>); "refused" for any other answer the application
    gave (a 303 back to the bare story, where the form waits with the reasons; a 4xx page or JSON
    errors); "failed" for a 5xx, a timeout or a dropped connection. Holds whether a refusal is a 303 or
    a 400 with the page in place."""
    location = answer.headers.get("location", "")
    if answer.status == 200 and answer.text.lstrip().startswith("{"):
        try:
            location = json.loads(answer.text).get("location") or ""
        except (ValueError, AttributeError):
            location = ""
    if SAVED_ANCHOR in location:
        return "acked"
    if isinstance(answer.status, int) and answer.status < 500:
        return "refused"
    return "failed"


def csrf_pair(port, headers=None, timeout=10):
    """[cookie, token] as static/js/formtoken.js gets them for a shared page's forms (GET /csrf/)."""
    status, cookies, body, _ = fetch(port, "GET", "/csrf/", headers=headers, timeout=timeout)
    if status != 200 or "csrftoken" not in cookies:
        return None
    return [cookies["csrftoken"], json.loads(body)["token"]]


def form_post(port, path, fields, csrf, accept="text/html", timeout=10):
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf[1]})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf[0]}", "Accept": accept}
    return fetch(port, "POST", path, body, headers, timeout)


class Load:
    """A phase's client threads: two readers, a commenter, a voter. Bounded in count and stopped on exit."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.statuses, self.comments = collections.Counter(), {}  # comments: body token -> (status, outcome)
        self.pages = collections.Counter()  # page reads (GET) by status and X-Page-Cache: "200/hit", "503"…
        self.lock, self.halt = threading.Lock(), threading.Event()
        workers = (self.read, self.read, self.comment, self.vote)
        self.threads = [threading.Thread(target=self.loop, args=(step,), daemon=True) for step in workers]

    def count(self, result, token=None):
        with self.lock:
            self.statuses[result.status] += 1
            if token:
                self.comments[token] = (result.status, comment_outcome(result))
        return result

    def loop(self, step):
        csrf = ["", ""]  # a failed page load keeps the last good token, as an open browser tab would
        for _ in range(5000):
            if self.halt.is_set():
                return
            step(csrf)
            self.halt.wait(0.02)

    def get(self, path):
        answer = self.count(fetch(self.ctx["port"], "GET", path, timeout=self.ctx["timeout"]))
        state = answer.headers.get("x-page-cache")
        with self.lock:
            self.pages[f"{answer.status}/{state}" if state else str(answer.status)] += 1
        return answer

    def read(self, csrf):
        for path in ("/", self.ctx["story"], self.ctx["section"]):
            self.get(path)

    def refresh_csrf(self, csrf):
        self.get(self.ctx["story"])  # the reader reads the story, then its script fetches a token
        pair = csrf_pair(self.ctx["port"], timeout=self.ctx["timeout"])
        if pair:
            csrf[:] = pair

    def comment(self, csrf):
        self.refresh_csrf(csrf)
        token = f"drilltok{secrets.token_hex(6)}"
        fields = {"name": "Drill", "email": "drill@example.com", "body": f"Fault drill comment {token}"}
        path = f"/comments/post/{self.ctx['article_id']}/"
        self.count(form_post(self.ctx["port"], path, fields, csrf, timeout=self.ctx["timeout"]), token)

    def vote(self, csrf):
        self.refresh_csrf(csrf)
        path = f"/engagement/{self.ctx['article_id']}/react/"
        self.count(form_post(self.ctx["port"], path, {"kind": "happy"}, csrf, "application/json", self.ctx["timeout"]))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.halt.set()
        for thread in self.threads:
            thread.join(self.ctx["timeout"] + 5)
