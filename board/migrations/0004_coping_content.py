"""Load the coping-resources content (articles, prompts, helplines) on a fresh install.

Only missing rows are created, so content an admin has edited is never overwritten.
Unapplying leaves the rows alone: they may hold an admin's edits.
"""

from django.db import migrations

from board.content import loader


def load_content(apps, schema_editor):
    loader.load_all(
        Resource=apps.get_model("board", "Resource"),
        JournalPrompt=apps.get_model("board", "JournalPrompt"),
        Helpline=apps.get_model("board", "Helpline"),
    )


class Migration(migrations.Migration):
    dependencies = [("board", "0003_moderators_group")]

    operations = [migrations.RunPython(load_content, migrations.RunPython.noop)]
