"""Writes observation rows in bulk, the fastest way each database offers: PostgreSQL's COPY, SQLite's
executemany in large batches. Django's bulk_create builds a model instance and compiles SQL for every
value, which costs more than reading and checking the file; a statistics import writes millions of
plain rows, so they go to the database as tuples. The cache learns of the change as for any bulk write.
"""

from django.db import connection

from migis.core import cache
from migis.indicators.models import Observation

COLUMNS = (
    "version_id",
    "indicator_id",
    "country_id",
    "origin_id",
    "period",
    "period_start",
    "breakdown",
    "value",
    "flags",
    "row",
)
BATCH = 20000


class ObservationWriter:
    def __init__(self):
        self.rows: list[tuple] = []
        self.written = 0
        self.table = connection.ops.quote_name(Observation._meta.db_table)
        self.columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", self.rows)  # noqa: S608  (names from the model, values bound)
        self.written += len(self.rows)
        self.rows = []
        cache.changed()
