"""The platform's own news feeds; included at the site root."""

from django.urls import path

from migis.feeds.syndication import NewsAtom, NewsRss

urlpatterns = [
    path("news/rss.xml", NewsRss(), name="news-rss"),
    path("news/atom.xml", NewsAtom(), name="news-atom"),
]
