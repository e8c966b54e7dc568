"""What several apps' admins share."""


class ReadOnlyAdminMixin:
    """An admin list that people read but never add to, change or delete from (records,
    tallies): mix in before `admin.ModelAdmin`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
