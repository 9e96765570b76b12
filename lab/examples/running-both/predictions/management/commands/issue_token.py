from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from predictions.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for the inference service and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.get(username=username)
        self.stdout.write(ApiToken.issue(user))
