"""The Jinja2 environment of the story page's blocks: Django's translations, addresses and static
files, the values escaped and our translations not, and a missing name an error."""

import pytest
from django.template import engines
from django.test import RequestFactory
from jinja2 import UndefinedError


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context, request=RequestFactory().get("/"))


def test_values_are_escaped_and_translations_are_not():
    html = render("""{{ _("Get the week's stories") }} {{ _("Replying to %(name)s") % {"name": name} }}""", name="<b>")
    assert html == "Get the week's stories Replying to &lt;b&gt;"


def test_plurals_count_and_escape():
    template = '{{ ngettext("%(counter)s comment", "%(counter)s comments", n, counter=n) }}'
    assert [render(template, n=n) for n in (1, 2)] == ["1 comment", "2 comments"]
    assert render('{{ ngettext("%(num)s item by %(who)s", "%(num)s items by %(who)s", 3, who=w) }}', w="<i>") == (
        "3 items by &lt;i&gt;"
    )


def test_addresses_static_files_and_the_form_token():
    html = render('{{ url("comments:post", 7) }} {{ static("css/site.css") }} {{ csrf_input }}')
    address, stylesheet, token = html.split(" ", 2)
    assert address == "/comments/post/7/"
    assert stylesheet.endswith("css/site.css")
    assert token.startswith('<input type="hidden" name="csrfmiddlewaretoken"')


def test_a_missing_name_is_an_error_not_an_empty_string():
    with pytest.raises(UndefinedError):
        render("{{ nobody_gave_me_this }}")


def test_only_the_blocks_are_jinja2_templates():
    from django.template.loader import get_template

    blocks = ["comments/block.html", "engagement/block.html", "newsletter/includes/_signup.html"]
    for name in [*blocks, "articles/includes/_read_next.html", "articles/includes/_share.html"]:
        assert get_template(name).backend.name == "jinja2"
    assert get_template("articles/article_detail.html").backend.name == "django"


@pytest.mark.django_db  # Django's refusal page
def test_every_form_of_a_request_carries_one_token_that_django_accepts():
    from django.middleware.csrf import CsrfViewMiddleware, get_token

    request = RequestFactory().post("/")
    template = engines["jinja2"].from_string("{{ csrf_input }}|{{ csrf_input }}")
    fields = [template.render({}, request=request) for _ in range(2)] + [template.render({}, request=request)]
    tokens = {part.split('value="')[1].split('"')[0] for html in fields for part in html.split("|")}
    assert len(tokens) == 1  # one mask per response (Django masks afresh at each use)
    (token,) = tokens
    secret = request.META["CSRF_COOKIE"]

    def sent_with(field):
        answer = RequestFactory().post("/", {"csrfmiddlewaretoken": field}, headers={"origin": "http://testserver"})
        answer.COOKIES["csrftoken"] = secret
        return CsrfViewMiddleware(lambda r: None).process_view(answer, lambda r: None, (), {})

    assert sent_with(token) is None  # accepted
    assert sent_with("x" * 64).status_code == 403  # the check is real
    assert get_token(request) != token  # Django's own call still masks afresh


def test_a_remembered_address_follows_the_script_prefix():
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    assert render('{{ url("comments:post", 7) }}') == "/comments/post/7/"
    try:
        set_script_prefix("/news/")
        assert render('{{ url("comments:post", 7) }}') == "/news/comments/post/7/"
    finally:
        set_script_prefix(before)
    assert render('{{ url("comments:post", 8) }}') == "/comments/post/8/"


def test_remembered_static_addresses_and_translations_follow_the_settings_and_the_language():
    from django.test import override_settings
    from django.utils import translation

    assert render('{{ static("css/site.css") }}').startswith("/static/")
    with override_settings(STATIC_URL="/assets/"):
        assert render('{{ static("css/site.css") }}').startswith("/assets/")
    assert render('{{ static("css/site.css") }}').startswith("/static/")
    assert render('{{ _("Yes") }}') == "Yes"
    with translation.override("fr"):
        assert render('{{ _("Yes") }}') == "Oui"  # Django's own catalogue
    assert render('{{ _("Yes") }}') == "Yes"
