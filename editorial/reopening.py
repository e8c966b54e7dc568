"""The story's form showing its author's own change awaiting review (or scheduled) instead of the
live version: the change's content as the form's initial values, with nothing written.

The fields take the change's values. The inline rows are the live rows, changed to read as the
change: a byline kept keeps its row (its order changed), one the change dropped is ticked for
deletion, one it added is a new row; key points go by position. Posted back, the form therefore
turns the live story into the change (plus whatever was edited since it was opened), and the save
is then treated like any other: kept for review, scheduled, or published.
"""

from articles.models import Author, Byline, KeyPoint
from editorial.snapshot import FIELDS


def form_initial(data):
    """The story form's initial values from a revision's `data`."""
    initial = {field: data[field] for field in FIELDS if field in data}
    if data.get("section"):
        initial["section"] = data["section"]["id"]
    initial["tags"] = [tag["id"] for tag in data.get("tags", [])]
    initial["lead_image"] = (data.get("lead_image") or {}).get("id")
    return initial


def reopened_form(form_class, data):
    """`form_class` showing `data` while unbound (a posted form reads what was posted)."""
    initial = form_initial(data)

    class ReopenedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial.update(initial)

    ReopenedForm.__name__ = form_class.__name__
    return ReopenedForm


def _bylines(live, data):
    named = [byline["id"] for byline in data.get("bylines", [])]
    existing = set(Author.objects.filter(pk__in=named).values_list("pk", flat=True))
    wanted = [author for author in named if author in existing]  # an author deleted since is left out
    kept = [{"order": wanted.index(row.author_id)} if row.author_id in wanted else {"DELETE": True} for row in live]
    have = {row.author_id for row in live}
    added = [{"author": author, "order": order} for order, author in enumerate(wanted) if author not in have]
    return kept, added


def _key_points(live, data):
    wanted = data.get("key_points", [])
    kept = [
        {"text": wanted[index], "order": index} if index < len(wanted) else {"DELETE": True}
        for index in range(len(live))
    ]
    added = [{"text": text, "order": order} for order, text in enumerate(wanted) if order >= len(live)]
    return kept, added


ROWS = {Byline: _bylines, KeyPoint: _key_points}


def reopened_formset(formset_class, data):
    """`formset_class` (an inline's) showing the rows `data` has, or as it is for rows a revision
    does not keep (a live story's updates)."""
    rows = ROWS.get(formset_class.model)
    if rows is None:
        return formset_class

    class ReopenedFormSet(formset_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.kept = []
            if not self.is_bound:
                self.kept, self.initial_extra = rows(list(self.get_queryset()), data)
                self.extra = len(self.initial_extra)

        def get_form_kwargs(self, index):
            kwargs = super().get_form_kwargs(index)
            if index is not None and index < len(self.kept):
                kwargs["initial"] = self.kept[index]
            return kwargs

    return ReopenedFormSet
