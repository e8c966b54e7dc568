"""Pictures move into the text: each positional inline image ("after paragraph N") becomes a
figure node at that place in the body, referring to the library by id, and the separate
placements go. The figure stands exactly where the page showed the picture before (after the
N-th closing </p> of the stored body, or at the end), so no story looks different.

Only stories with placed pictures are rewritten, a thousand at a time.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def move_pictures_into_bodies(apps, schema_editor):
    from articles.positional_pictures import figures_after_paragraphs  # noqa: PLC0415
    from articles.sanitize import sanitize_html  # noqa: PLC0415 - the body's canonical form today

    Article = apps.get_model("articles", "Article")
    InlineImage = apps.get_model("articles", "InlineImage")
    BodyPicture = apps.get_model("articles", "BodyPicture")
    story_ids = list(InlineImage.objects.order_by().values_list("article_id", flat=True).distinct())
    for start in range(0, len(story_ids), BATCH):
        batch = story_ids[start : start + BATCH]
        placements = {}
        for placement in InlineImage.objects.filter(article_id__in=batch).order_by("position", "pk"):
            placements.setdefault(placement.article_id, []).append(
                (placement.position, placement.image_id, placement.caption)
            )
        stories = list(Article.objects.filter(pk__in=batch).only("pk", "body"))
        for story in stories:
            story.body = sanitize_html(figures_after_paragraphs(story.body, placements[story.pk]))
        Article.objects.bulk_update(stories, ["body"])
        BodyPicture.objects.bulk_create(
            [
                BodyPicture(article_id=story_id, image_id=image_id)
                for story_id, placed in placements.items()
                for image_id in {image_id for _, image_id, _ in placed}
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_admin_search_trigrams")]

    operations = [
        migrations.CreateModel(
            name="BodyPicture",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="body_pictures",
                        to="articles.article",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="in_bodies",
                        to="articles.image",
                        verbose_name="image",
                    ),
                ),
            ],
            options={"verbose_name": "picture in a story", "verbose_name_plural": "pictures in stories"},
        ),
        migrations.AddConstraint(
            model_name="bodypicture",
            constraint=models.UniqueConstraint(fields=("article", "image"), name="body_picture_once"),
        ),
        migrations.RunPython(move_pictures_into_bodies, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="InlineImage"),
    ]
