from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = "Missed connections"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
