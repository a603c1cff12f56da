from migis.documents.models import Document


def source_documents(user, *rows) -> list:
    """The documents `user` may read that are the sources of the given records (the page's "Documents")."""
    ids = {r.source_document_id for group in rows for r in group if r is not None and r.source_document_id}
    return list(
        Document.objects.visible_to(user)
        .filter(pk__in=ids)
        .only("key", "title", "year", "kind", "visibility")
    )
