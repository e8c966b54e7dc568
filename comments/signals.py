"""What other code may listen to (Django signals), sent after the change is committed:

- `comment_posted(comment)`: a new comment was stored, with the status the checks gave it;
- `comment_moderated(comment, previous, by)`: a moderator changed its status (`previous`: the
  old one; `by`: who, or None).

A spam service that learns from moderators' decisions (Akismet's submit-spam) hangs on the second.
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_moderated = Signal()
