from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0005: PostgreSQL will not alter a table with the data migration's checks pending."""

    dependencies = [
        ("documents", "0005_mentioned_entities"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('sha256', ''), _negated=True), fields=('sha256',), name='document_content_once'),
        ),
    ]
