"""The count of learners per band of area ability (``AbilityBucket``), kept by triggers.

A band is ``floor(θ × 20)``, 0.05 wide. The triggers fire on every insert, update and
delete of an area estimate (``topic_id IS NULL``) whatever issued it, so the counts cannot drift from
the estimates; the same migration fills them from the estimates already stored. On
PostgreSQL an update that moves a learner between bands touches the lower band first,
so two learners crossing in opposite directions lock the two rows in the same order
instead of deadlocking. SQLite writes one transaction at a time."""

import django.db.models.deletion
from django.db import migrations, models


_POSTGRESQL = [
    """
    CREATE FUNCTION quizzes_ability_bucket_count() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        old_band integer;
        new_band integer;
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.topic_id IS NULL THEN
            old_band := floor(OLD.theta * 20);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.topic_id IS NULL THEN
            new_band := floor(NEW.theta * 20);
        END IF;
        -- The lower (area, band) first: a fixed order of row locks.
        IF old_band IS NOT NULL AND (new_band IS NULL OR (OLD.area_id, old_band) < (NEW.area_id, new_band)) THEN
            UPDATE quizzes_abilitybucket SET learners = learners - 1
             WHERE area_id = OLD.area_id AND bucket = old_band;
            old_band := NULL;
        END IF;
        IF new_band IS NOT NULL THEN
            INSERT INTO quizzes_abilitybucket (area_id, bucket, learners)
            VALUES (NEW.area_id, new_band, 1)
            ON CONFLICT (area_id, bucket)
            DO UPDATE SET learners = quizzes_abilitybucket.learners + 1;
        END IF;
        IF old_band IS NOT NULL THEN
            UPDATE quizzes_abilitybucket SET learners = learners - 1
             WHERE area_id = OLD.area_id AND bucket = old_band;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER quizzes_ability_bucket_insert AFTER INSERT ON quizzes_abilityestimate
    FOR EACH ROW WHEN (NEW.topic_id IS NULL) EXECUTE FUNCTION quizzes_ability_bucket_count()
    """,
    """
    CREATE TRIGGER quizzes_ability_bucket_delete AFTER DELETE ON quizzes_abilityestimate
    FOR EACH ROW WHEN (OLD.topic_id IS NULL) EXECUTE FUNCTION quizzes_ability_bucket_count()
    """,
    """
    CREATE TRIGGER quizzes_ability_bucket_update AFTER UPDATE ON quizzes_abilityestimate
    FOR EACH ROW WHEN ((OLD.topic_id IS NULL OR NEW.topic_id IS NULL)
        AND (OLD.area_id, OLD.topic_id, floor(OLD.theta * 20))
            IS DISTINCT FROM (NEW.area_id, NEW.topic_id, floor(NEW.theta * 20)))
    EXECUTE FUNCTION quizzes_ability_bucket_count()
    """,
]
_POSTGRESQL_DROP = [
    "DROP TRIGGER quizzes_ability_bucket_insert ON quizzes_abilityestimate",
    "DROP TRIGGER quizzes_ability_bucket_delete ON quizzes_abilityestimate",
    "DROP TRIGGER quizzes_ability_bucket_update ON quizzes_abilityestimate",
    "DROP FUNCTION quizzes_ability_bucket_count()",
]


def _sqlite_band(row: str) -> str:
    # floor() without SQLite's optional maths functions: CAST truncates toward zero.
    x = f"({row}.theta * 20)"
    return f"(CAST({x} AS INTEGER) - ({x} < CAST({x} AS INTEGER)))"


_SQLITE_ADD = f"""
    INSERT INTO quizzes_abilitybucket (area_id, bucket, learners)
    VALUES (NEW.area_id, {_sqlite_band("NEW")}, 1)
    ON CONFLICT (area_id, bucket) DO UPDATE SET learners = learners + 1;"""
_SQLITE_REMOVE = f"""
    UPDATE quizzes_abilitybucket SET learners = learners - 1
     WHERE area_id = OLD.area_id AND bucket = {_sqlite_band("OLD")};"""
_SQLITE = [
    f"""CREATE TRIGGER quizzes_ability_bucket_insert AFTER INSERT ON quizzes_abilityestimate
    WHEN NEW.topic_id IS NULL BEGIN {_SQLITE_ADD} END""",
    f"""CREATE TRIGGER quizzes_ability_bucket_delete AFTER DELETE ON quizzes_abilityestimate
    WHEN OLD.topic_id IS NULL BEGIN {_SQLITE_REMOVE} END""",
    # Two triggers for an update, one per side, each with its own condition.
    f"""CREATE TRIGGER quizzes_ability_bucket_update_old
    AFTER UPDATE OF theta, area_id, topic_id ON quizzes_abilityestimate
    WHEN OLD.topic_id IS NULL AND (NEW.topic_id IS NOT NULL OR OLD.area_id <> NEW.area_id
        OR {_sqlite_band("OLD")} <> {_sqlite_band("NEW")})
    BEGIN {_SQLITE_REMOVE} END""",
    f"""CREATE TRIGGER quizzes_ability_bucket_update_new
    AFTER UPDATE OF theta, area_id, topic_id ON quizzes_abilityestimate
    WHEN NEW.topic_id IS NULL AND (OLD.topic_id IS NOT NULL OR OLD.area_id <> NEW.area_id
        OR {_sqlite_band("OLD")} <> {_sqlite_band("NEW")})
    BEGIN {_SQLITE_ADD} END""",
]
_SQLITE_DROP = [f"DROP TRIGGER quizzes_ability_bucket_{name}"
                for name in ("insert", "delete", "update_old", "update_new")]

_FILL = {
    "postgresql": "floor(theta * 20)",
    "sqlite": _sqlite_band("quizzes_abilityestimate"),
}


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in _FILL:
        raise NotImplementedError(f"no ability-band triggers written for {vendor}")
    for sql in _POSTGRESQL if vendor == "postgresql" else _SQLITE:
        schema_editor.execute(sql)
    schema_editor.execute(
        "INSERT INTO quizzes_abilitybucket (area_id, bucket, learners) "
        f"SELECT area_id, {_FILL[vendor]}, COUNT(*) FROM quizzes_abilityestimate "
        f"WHERE topic_id IS NULL GROUP BY area_id, {_FILL[vendor]}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _POSTGRESQL_DROP if vendor == "postgresql" else _SQLITE_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0012_ability_area_theta_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='AbilityBucket',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('bucket', models.IntegerField()),
                ('learners', models.IntegerField(default=0)),
                ('area', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='quizzes.area')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('area', 'bucket'), name='ability_bucket_unique')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
