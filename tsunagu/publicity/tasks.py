"""The background task of deliveries (django-tasks, database backend; run by `tsunagu worker`)."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> None:
    from .delivery import run

    run(delivery_id)
