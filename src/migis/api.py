"""The JSON API: one NinjaAPI with a router per domain, mounted at /api/."""

from migis.core.api import api
from migis.dialogues.api import router as dialogues
from migis.documents.api import router as documents
from migis.events.api import router as events
from migis.indicators.api import router as statistics
from migis.organisations.api import router as organisations
from migis.portal.api import dialogue_router as dialogue_pages
from migis.portal.api import router as countries
from migis.projects.api import router as projects
from migis.search.api import router as search

for router in (
    countries,
    dialogues,
    dialogue_pages,
    projects,
    events,
    organisations,
    documents,
    search,
    statistics,
):
    api.add_router("", router)
