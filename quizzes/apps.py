from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"

    def ready(self):
        from config.compiled_sql import cache_long_statements

        from . import catalogue_cache

        catalogue_cache.connect()
        cache_long_statements()
