from django.urls import path

from migis.search import views

urlpatterns = [path("search/", views.search_page, name="search")]
