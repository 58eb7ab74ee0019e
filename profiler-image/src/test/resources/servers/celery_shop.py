"""A Celery app on kombu's filesystem transport (no broker server): the task crunch burns CPU at
the line marked HOT LINE. `python3 celery_shop.py feed DIR SECONDS` keeps the queue fed."""
import os
import sys
import time

from celery import Celery

queue_dir = os.environ["QUEUE_DIR"]
app = Celery("celery_shop", broker="filesystem://")
# kombu polls a filesystem queue once a second by default and prefetch 1 gives each child one
# task per poll: on a loaded machine the children then idle most of the time. Poll often and keep
# a few tasks reserved per child, so that both stay busy with crunch.
app.conf.update(
    broker_transport_options={"data_folder_in": queue_dir, "data_folder_out": queue_dir, "polling_interval": 0.05},
    task_ignore_result=True, worker_prefetch_multiplier=4, broker_connection_retry_on_startup=True)


@app.task
def crunch(n):
    total = 0
    for i in range(n):
        total += (i * 7919) % 104729  # HOT LINE
    return total


if __name__ == "__main__" and sys.argv[1] == "feed":
    end = time.monotonic() + float(sys.argv[2])
    print("READY", flush=True)
    while time.monotonic() < end:
        if len(os.listdir(queue_dir)) < 20:
            for _ in range(10):
                app.send_task("celery_shop.crunch", args=[200_000])  # by name: this is __main__
        time.sleep(0.05)
