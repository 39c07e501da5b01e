"""``zicht manage send_digests --frequency daily|weekly|immediately``: run from cron.

Daily at 07:00 and weekly on Monday, for example. "immediately" is normally sent by a
task when an opportunity is published; running it by hand sends what is still pending.
"""

from django.core.management.base import BaseCommand

from zicht.opportunities import digests


class Command(BaseCommand):
    help = "E-mail each user with this digest frequency the new matching opportunities."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency", choices=["immediately", "daily", "weekly"], required=True
        )

    def handle(self, *args, frequency: str, **options):
        result = digests.send_digests(frequency)
        self.stdout.write(
            f"{result['mails']} digest(s) sent with {result['opportunities']} "
            f"opportunity(ies); {result['failed']} failed."
        )
