"""The authoring roles as Django groups (docs/authoring-roles.md):

- Authors write drafts: add, change and view questions, their versions and choices; view
  areas and topics. They cannot make a question live (quizzes.admin.roles enforces it).
- Reviewers do what authors do and approve questions to live (quizzes.approve_question).
- Admins hold every permission there is.

Permissions are normally created after all migrations (post_migrate); they are created
here first so the groups can hold them on a fresh database."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR_PERMISSIONS = [
    "add_question", "change_question", "view_question",
    "add_questionversion", "change_questionversion", "view_questionversion",
    "add_choice", "change_choice", "delete_choice", "view_choice",
    "view_area", "view_topic",
]
REVIEWER_PERMISSIONS = AUTHOR_PERMISSIONS + ["approve_question"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # create_permissions skips an app whose models_module is unset, as it is in a
        # migration's historical registry; put back what was there (with the real
        # registry, None would stop every later post_migrate from making permissions).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    quizzes = Permission.objects.filter(content_type__app_label="quizzes")
    for name, codenames in (("Authors", AUTHOR_PERMISSIONS),
                            ("Reviewers", REVIEWER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(quizzes.filter(codename__in=codenames))
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.set(Permission.objects.all())


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Authors", "Reviewers", "Admins"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("quizzes", "0010_question_approval"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
