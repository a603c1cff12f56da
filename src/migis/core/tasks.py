"""Background work: inline on the embedded default, on worker processes over Redis in production.

`MIGIS_TASKS` empty runs every task at once in the calling process. `MIGIS_TASKS=redis://HOST:PORT/DB`
puts tasks on an RQ queue (a well-kept Redis task queue); `migis worker` processes them, and more
workers, on this machine or others sharing the Redis and the database, mean more throughput.
"""

from migis import config

DEFAULT_TIMEOUT = 600  # seconds a single task may run


def backend_url() -> str:
    return config.get("MIGIS_TASKS")


def queue():
    from redis import Redis
    from rq import Queue

    return Queue(config.get("MIGIS_TASKS_QUEUE"), connection=Redis.from_url(backend_url()))


def enqueue(func, *args, **kwargs):
    """Run `func(*args, **kwargs)` now (inline), or queue it for a worker; returns the result or the job."""
    if not backend_url():
        return func(*args, **kwargs)
    return queue().enqueue(func, *args, job_timeout=DEFAULT_TIMEOUT, **kwargs)


def work(burst: bool = False) -> None:
    """Process queued tasks until stopped (or, with `burst`, until the queue is empty)."""
    from rq import Worker

    if not backend_url():
        raise RuntimeError("MIGIS_TASKS is empty: tasks run inline, there is nothing for a worker to do")
    q = queue()
    Worker([q], connection=q.connection).work(burst=burst)
