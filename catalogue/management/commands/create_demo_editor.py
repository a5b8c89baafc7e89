from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from catalogue.permissions import EDITORS_GROUP


class Command(BaseCommand):
    help = "Create (or reset) a demo editor account in the Editors group, for local use only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="framewise-editor")

    def handle(self, *args, username: str, password: str, **options) -> None:
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        self.stdout.write(
            f"Demo editor: username “{username}”, password “{password}” "
            "(log in at http://127.0.0.1:8000/admin/)"
        )
