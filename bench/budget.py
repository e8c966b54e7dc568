"""Issue 13's budget items measured in-process on a scratch database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_budget .venv/bin/python bench/budget.py

- comment insert (`comment_create`, a reply in an existing thread and a new thread) in a story
  with 100 comments and in one with 10,000: median of 50 each;
- the full rendition set of a 6,000 × 4,000 JPEG against one full decode of it: median of 5.
"""

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_django  # noqa: E402

settings = scratch_django("sqlite:////tmp/newsroom_budget.sqlite3")
settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="budget-media-")

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from articles.models import Article, Image, Section  # noqa: E402
from articles.renditions import make_renditions  # noqa: E402
from comments.models import Comment  # noqa: E402
from comments.services import ThreadEntry, comment_create, comments_import  # noqa: E402


def story_with(count, number):
    section, _ = Section.objects.get_or_create(slug="budget", defaults={"name": "Budget"})
    article = Article.objects.create(
        headline=f"Budget story {number}", slug=f"budget-{number}-{count}", section=section, status="published"
    )
    entries = [
        ThreadEntry(key=n, parent_key=(n - 1 if n % 10 else None), body=f"Comment {n}", author_name="Reader",
                    author_email="reader@example.org", status="approved")
        for n in range(count)
    ]  # fmt: skip
    comments_import(article=article, entries=entries)
    return article


def insert_times(article, runs=50):
    parent = Comment.objects.filter(article=article).order_by("-pk").first()
    replies, threads = [], []
    for n in range(runs):
        for bucket, target in ((replies, parent), (threads, None)):
            started = time.perf_counter()
            comment_create(article=article, parent=target, body=f"Timed {n}", author_name="Timer",
                           author_email="timer@example.org", status="approved", send_notifications=False)  # fmt: skip
            bucket.append((time.perf_counter() - started) * 1000)
    return statistics.median(replies), statistics.median(threads)


def renditions(runs=5):
    buffer = io.BytesIO()
    picture = PILImage.effect_noise((6000, 4000), 60).convert("RGB")
    picture.save(buffer, "JPEG", quality=88)
    data = buffer.getvalue()
    decodes, sets = [], []
    for n in range(runs):
        started = time.perf_counter()
        with PILImage.open(io.BytesIO(data)) as whole:
            whole.load()
        decodes.append(time.perf_counter() - started)
        image = Image(alt_text="Noise", title=f"Budget {n}")
        image.file.save("budget.jpg", SimpleUploadedFile("budget.jpg", data), save=False)
        image.save()
        started = time.perf_counter()
        made = make_renditions(image)
        sets.append(time.perf_counter() - started)
    return statistics.median(decodes) * 1000, statistics.median(sets) * 1000, made


def main():
    print(f"database: {connection.vendor}")
    small, large = story_with(100, 1), story_with(10_000, 2)
    (small_reply, small_thread), (large_reply, large_thread) = insert_times(small), insert_times(large)
    print(
        f"comment_create, reply:      100 comments {small_reply:.1f} ms, 10,000 comments {large_reply:.1f} ms ({large_reply / small_reply:.2f}×)"
    )
    print(
        f"comment_create, new thread: 100 comments {small_thread:.1f} ms, 10,000 comments {large_thread:.1f} ms ({large_thread / small_thread:.2f}×)"
    )
    decode, full_set, widths = renditions()
    print(
        f"6000×4000 JPEG: one full decode {decode:.0f} ms; rendition set ({len(widths)} widths × WebP + JPEG) {full_set:.0f} ms ({full_set / decode:.2f}×)"
    )


if __name__ == "__main__":
    main()
