from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments.models import Comment
        from comments.services import SHOWN_ON_THE_PAGE, pages_showing_comments_of
        from core.pagecache import shown_on_public_pages

        # A comment shows under its story (and in the comment feeds) only; a new one held for
        # moderation shows nowhere yet.
        # Comments are removed, never deleted (the admin refuses): they go only with their story.
        shown_on_public_pages(
            Comment,
            page=lambda comment: pages_showing_comments_of(comment.article),
            shows=lambda comment, created: comment.status in SHOWN_ON_THE_PAGE or not created,
            deletions=False,
        )
