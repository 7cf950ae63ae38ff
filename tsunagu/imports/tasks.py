"""The background task of imports (django-tasks, database backend; run by `tsunagu worker`)."""

from django_tasks import task

from . import services


@task()
def run_job(job_id: int, dry_run: bool) -> None:
    services.run_job(job_id, dry_run)
