from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from promo.readiness.verdicts import register_mentor_verdict_source
        from reviews.verdicts import latest_calls, mentor_verdicts_by_criterion

        # Verdicts given in review rounds are what readiness shows per criterion, and the
        # latest round's call is part of the readiness rule.
        register_mentor_verdict_source(mentor_verdicts_by_criterion, calls=latest_calls)
