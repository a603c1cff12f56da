from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from migis.dialogues.services import dialogue_page, visible_dialogues


def dialogue_list(request):
    dialogues = sorted(visible_dialogues(request.user), key=lambda d: d.name)
    return render(request, "dialogues/dialogue_list.html", {"dialogues": dialogues})


def dialogue_detail(request, slug: str):
    dialogue = visible_dialogues(request.user).filter(slug=slug).first()
    if dialogue is None:
        raise Http404(f"No dialogue {slug}")
    # Lazy: the queries run only when the cached fragment has to be rendered anew.
    page = SimpleLazyObject(lambda: dialogue_page(dialogue, request.user))
    return render(request, "dialogues/dialogue_detail.html", {"dialogue": dialogue, "page": page})
