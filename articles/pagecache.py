"""Whole-page cache for anonymous readers, invalidated when what pages show changes.

Placeholder until the foundation issue implements it. The public surface, which the
features use, is:

- `cache_public_page(view)`: decorator for public GET views.
- `invalidate_public_pages()`: call (after commit) when something readers see changed.
"""


def cache_public_page(view):
    return view


def invalidate_public_pages():
    pass
