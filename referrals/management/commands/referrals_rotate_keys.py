from django.core.management.base import BaseCommand

from referrals.keys import keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt all referral content and attachments with the first key of "
        "REFERRALS_KEYS (after a new key was put first)."
    )

    def handle(self, *args, **options):
        counts = keys_rotate()
        self.stdout.write(
            ", ".join(f"{name}: {count}" for name, count in counts.items())
        )
