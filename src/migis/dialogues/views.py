from django.shortcuts import render

from migis.core import export as downloads
from migis.core.collation import collated
from migis.dialogues.api import DialogueOut
from migis.dialogues.services import visible_dialogues


def dialogue_list(request):
    if fmt := downloads.wanted(request):
        rows = collated(visible_dialogues(request.user).with_sources(), key=lambda d: d.name)
        return downloads.response(rows, DialogueOut, "dialogues", fmt)
    dialogues = collated(visible_dialogues(request.user), key=lambda d: d.name)
    return render(request, "dialogues/dialogue_list.html", {"dialogues": dialogues})
