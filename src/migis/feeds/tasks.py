"""Feed tasks: plain functions with plain arguments, so a worker process (migis.core.tasks) can run them."""

from migis.feeds.models import Feed
from migis.feeds.services import poll, poll_all


def poll_feed_task(feed_id: int) -> str:
    return poll(Feed.objects.get(pk=feed_id)).line()


def poll_all_task() -> list[str]:
    return [report.line() for report in poll_all()]
