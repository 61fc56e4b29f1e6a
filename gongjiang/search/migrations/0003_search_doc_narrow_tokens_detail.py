"""Schema, step 1 of 3 (ADR 0008 "Measured"): the narrow hashed `tokens` column and the
`WorkerSearchDetail` side table. 0004 fills them from the old columns, 0005 drops those."""

import django.db.models.deletion
import gongjiang.search.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_search_doc_terms_gin_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkerSearchDetail',
            fields=[
                ('doc', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='detail', serialize=False, to='search.workersearchdoc', verbose_name='检索文档')),
                ('terms', gongjiang.search.models.TermsField(default=list, verbose_name='检索词')),
                ('facts', models.JSONField(blank=True, default=dict, verbose_name='匹配说明素材')),
            ],
            options={
                'verbose_name': '人才检索文档详情',
                'verbose_name_plural': '人才检索文档详情',
            },
        ),
        migrations.AddField(
            model_name='workersearchdoc',
            name='tokens',
            field=gongjiang.search.models.HashedTermsField(default=list, verbose_name='检索词（散列）'),
        ),
    ]
