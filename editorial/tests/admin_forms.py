"""Reading the story's change form as a browser would, to post it back with some fields changed."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group, User
from django.urls import reverse


class FormValues(HTMLParser):
    """The values a browser would send for the form with id `form_id` (no file inputs)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "form" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.values.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][0] += data


def change_form(client, article):
    """The story's change form as the signed-in user sees it: {name: value or [values]}."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200, response.status_code
    parser = FormValues("article_form")
    parser.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in parser.values.items()}


def save(client, article, **changes):
    """Post the story's change form back with `changes`; returns the response."""
    data = change_form(client, article)
    data.update(changes)
    data.pop("_continue", None)
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def staff(username, *groups, **fields):
    user = User.objects.create_user(username, is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user
