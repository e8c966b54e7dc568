import pytest
from django.contrib.auth.models import User

from core.csp import script_hashes

pytestmark = pytest.mark.django_db


def policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def test_public_pages_allow_no_inline_script_and_no_framing(client):
    directives = policy(client.get("/"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_admin_pages_allow_exactly_the_import_maps_they_carry(client):
    client.force_login(User.objects.create_superuser("chief", password="x"))
    response = client.get("/admin/articles/article/add/")

    hashes = script_hashes(response.content)
    assert len(hashes) == 1
    assert policy(response)["script-src"] == "'self' " + hashes[0]


def test_only_import_maps_of_our_own_static_files_are_allowed():
    ours = b'<script type="importmap">{"imports": {"editor": "/static/editor.js"}}</script>'
    injected = b'<script type="importmap">{"imports": {"editor": "https://evil.example/x.js"}}</script>'
    assert len(script_hashes(ours)) == 1
    assert script_hashes(injected) == []
    assert script_hashes(b'<script type="importmap">not json</script>') == []
