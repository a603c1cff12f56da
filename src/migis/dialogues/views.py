from django.shortcuts import render

from migis.core.collation import collated
from migis.dialogues.services import visible_dialogues


def dialogue_list(request):
    dialogues = collated(visible_dialogues(request.user), key=lambda d: d.name)
    return render(request, "dialogues/dialogue_list.html", {"dialogues": dialogues})
