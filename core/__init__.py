"""What every Newsroom app shares, written once.

A plain package, not an app: it has no models. It imports nothing of ours (Django and the
settings only), so any app may use it. See docs/architecture.md.
"""
