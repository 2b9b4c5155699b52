from django_tasks import task


@task()
def referrals_purge_task() -> int:
    """Purge the content of closed referrals past retention (daily)."""
    from referrals.services import referral_purge_expired

    return referral_purge_expired()
