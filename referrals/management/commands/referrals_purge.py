from django.core.management.base import BaseCommand

from referrals.services import referral_purge_expired


class Command(BaseCommand):
    help = (
        "Purge the content of referrals closed longer than "
        "REFERRALS_RETENTION_DAYS ago (counts and the audit log stay)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"purged: {referral_purge_expired()}")
