"""The platform's own news as RSS 2.0 and Atom: the newest public, current documents of kind "news".

Feeds are read anonymously by other sites, so they list only what an anonymous visitor may read."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from migis.core.text import plain_text
from migis.documents.models import Document

LIMIT = 50


class NewsRss(Feed):
    title = _("migis news")
    link = reverse_lazy("news")  # the News page, in the default language (feeds have one address)
    description = _("News about the regional migration dialogues, from migis")

    def items(self):
        return (
            Document.objects.visible_to(AnonymousUser())
            .filter(kind=Document.Kind.NEWS, is_current=True)
            .order_by(F("published").desc(nulls_last=True), "-ingested", "-pk")[:LIMIT]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or Truncator(plain_text(item.text[:2000])).chars(500)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published or item.ingested or item.created

    def item_updateddate(self, item):
        return item.updated


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    subtitle = NewsRss.description
