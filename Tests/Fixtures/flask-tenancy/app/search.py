SEARCHABLE_FIELDS = {}


def searchable(*fields):
    """Registers a model's text columns with the full-text search index."""

    def register(model):
        SEARCHABLE_FIELDS[model.__name__] = fields
        return model

    return register
