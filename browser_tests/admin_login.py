"""Signing in to the admin in a browser, as a user with the given permissions."""

from django.contrib.auth.models import Permission, User

PASSWORD = "a long test passphrase"


def staff_user(username, codenames, **fields):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def sign_in(page, base_url, user):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")
