from django.apps import AppConfig


class PromoConfig(AppConfig):
    name = "promo"
    verbose_name = "Promotion"

    def ready(self):
        # The failed-login audit trail listens to Django's user_login_failed signal.
        from promo.accounts import throttling as security  # noqa: F401
        from promo.dashboards.refresh import connect

        # Dashboard snapshots hear of changes to readiness facts from the services that
        # make them (promo.web.readiness_changed); no domain imports the dashboards.
        connect()
