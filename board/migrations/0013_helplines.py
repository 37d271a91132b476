"""Helplines by country: a country (none for an international directory), what the line
is for, the number as shown and as dialled (for `tel:` links), text, chat, hours, and where
and when the details were checked. The two rows the board had (988, Samaritans) are
replaced by the shipped list (board/content/helplines.json)."""

import datetime

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from board.content import loader

LEGACY_NAMES = ["988 Suicide & Crisis Lifeline", "Samaritans"]


def load_helplines(apps, schema_editor):
    Helpline = apps.get_model("board", "Helpline")
    Helpline.objects.filter(country__isnull=True, name__in=LEGACY_NAMES, source_url="").delete()
    loader.load_helplines(Helpline)


class Migration(migrations.Migration):
    dependencies = [("board", "0012_places")]

    operations = [
        migrations.AlterModelOptions(
            name='helpline',
            options={'ordering': ['country', 'order', 'name'], 'verbose_name': 'helpline'},
        ),
        migrations.RemoveField(
            model_name='helpline',
            name='how_to_reach',
        ),
        migrations.RemoveField(
            model_name='helpline',
            name='region',
        ),
        migrations.AddField(
            model_name='helpline',
            name='chat_url',
            field=models.URLField(blank=True, help_text='Where the line has web chat.', verbose_name='chat'),
        ),
        migrations.AddField(
            model_name='helpline',
            name='checked_on',
            field=models.DateField(default=datetime.date(2026, 12, 6), verbose_name='checked on'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='helpline',
            name='hours',
            field=models.CharField(blank=True, help_text='e.g. 24/7', max_length=80, verbose_name='hours'),
        ),
        migrations.AddField(
            model_name='helpline',
            name='phone',
            field=models.CharField(blank=True, help_text='e.g. 0800 111 0 111', max_length=40, verbose_name='phone, as shown'),
        ),
        migrations.AddField(
            model_name='helpline',
            name='phone_dial',
            field=models.CharField(blank=True, help_text='For the tel: link: +498001110111 (no spaces) or a short code such as 988.', max_length=16, validators=[django.core.validators.RegexValidator('^\\+?[0-9]{3,15}$', 'Digits only: +49… in E.164 form, or a short code such as 988.', code='dial')], verbose_name='phone, as dialled'),
        ),
        migrations.AddField(
            model_name='helpline',
            name='purpose',
            field=models.CharField(default='', help_text='Who it is for, e.g. “Anyone in emotional distress or suicidal crisis”.', max_length=200, verbose_name='what it is for'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='helpline',
            name='sms',
            field=models.CharField(blank=True, help_text='Where the line takes text messages; empty otherwise.', max_length=16, validators=[django.core.validators.RegexValidator('^\\+?[0-9]{3,15}$', 'Digits only: +49… in E.164 form, or a short code such as 988.', code='dial')], verbose_name='text (SMS) number'),
        ),
        migrations.AddField(
            model_name='helpline',
            name='source_url',
            field=models.URLField(default='', help_text='Where these details were checked.', verbose_name='source'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='helpline',
            name='is_published',
            field=models.BooleanField(default=True, verbose_name='published'),
        ),
        migrations.AlterField(
            model_name='helpline',
            name='link',
            field=models.URLField(blank=True, verbose_name='website'),
        ),
        migrations.AlterField(
            model_name='helpline',
            name='name',
            field=models.CharField(max_length=120, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='helpline',
            name='order',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='order'),
        ),
        migrations.AddField(
            model_name='helpline',
            name='country',
            field=models.ForeignKey(blank=True, help_text='Empty for an international directory of helplines.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='helplines', to='board.country', verbose_name='country'),
        ),
        migrations.AddConstraint(
            model_name='helpline',
            constraint=models.UniqueConstraint(fields=('country', 'name'), name='helpline_unique_name_in_country'),
        ),
        migrations.RunPython(load_helplines, migrations.RunPython.noop),
    ]
