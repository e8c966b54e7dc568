"""The page cache's public API: what every feature showing something on public pages uses, and
all it may use (`newsroom/tests/test_architecture.py` refuses imports of the modules inside).

A feature follows four rules, each kept by one call here:

1. **Its public views are marked** with `cache_public_page`: anonymous readers are answered
   from stored pages (pages.py); anything that carries one reader's state is `never_stored`.
2. **A stored page holds nothing of one reader's**: while `is_shared_page(request)`, leave their
   vote, details or held comments out and let a script fetch them; blocks kept between builds
   (`fragment`, or `{% fragment %}` in templates) are built only when they hold nothing of the
   reader's (fragments.py).
3. **What it shows makes stale what shows it**: a model readers see is declared with
   `shown_on_public_pages` (shown.py), so its saves and deletions make the right pages stale after
   commit; a bulk change that sends no signal calls `invalidate_public_pages`, `invalidate_story`
   or `invalidate_pages` after commit itself.
4. **What is scheduled is not outlived**: a source of the next scheduled change is registered
   with `expire_no_later_than`, and no page or block is kept past it.

The versions behind rule 3 are in versions.py, a stored page is a `StoredPage` (stored.py), a CDN
in front is told through purge.py, and forms on stored pages get their token from formtoken.py.
"""

from core.pagecache.formtoken import csrf_failure, form_token
from core.pagecache.fragments import SCOPES, fragment
from core.pagecache.pages import (
    PageCacheMiddleware,
    cache_address,
    cache_public_page,
    expire_no_later_than,
    is_shared_page,
    never_stored,
    seconds_to_keep,
)
from core.pagecache.shown import shown_on_public_pages
from core.pagecache.stored import StoredPage
from core.pagecache.versions import invalidate_pages, invalidate_public_pages, invalidate_story, new_epoch

__all__ = [
    "SCOPES",
    "PageCacheMiddleware",
    "StoredPage",
    "cache_address",
    "cache_public_page",
    "csrf_failure",
    "expire_no_later_than",
    "form_token",
    "fragment",
    "invalidate_pages",
    "invalidate_public_pages",
    "invalidate_story",
    "is_shared_page",
    "never_stored",
    "new_epoch",
    "seconds_to_keep",
    "shown_on_public_pages",
]
