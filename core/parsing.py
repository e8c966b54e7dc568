"""Reading numbers out of what a client sent, without ever raising."""


def to_int(value, default=None):
    """`value` as an int, or `default` when it is missing, not a whole number, or absurdly long."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default
