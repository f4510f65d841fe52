from django.apps import AppConfig


class PromoConfig(AppConfig):
    name = "promo"
    verbose_name = "Promotion"

    def ready(self):
        # The failed-login audit trail listens to Django's user_login_failed signal.
        from promo.accounts import throttling as security  # noqa: F401
        from promo.dashboards.refresh import connect

        # Dashboard snapshots follow changes to readiness facts (see that module).
        connect()
