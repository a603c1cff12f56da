"""Work to do once per transaction, when it commits (now, outside a transaction)."""

from django.db import transaction


class _Once:
    ran = False

    def __init__(self, func):
        self.func = func

    def __call__(self):
        self.ran = True
        self.func()


def once_on_commit(name: str, func) -> None:
    """Run `func` when the current transaction commits, once however often this is called with `name`
    in it; Django drops it at a rollback. Outside a transaction, run it now."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        func()
        return
    attr = f"_migis_{name}"
    scheduled = getattr(conn, attr, None)
    if (
        scheduled is not None
        and not scheduled.ran
        and any(cb is scheduled for _s, cb, *_ in conn.run_on_commit)
    ):
        return
    setattr(conn, attr, _Once(func))
    transaction.on_commit(getattr(conn, attr))
