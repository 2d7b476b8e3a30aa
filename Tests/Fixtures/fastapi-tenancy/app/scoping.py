from sqlmodel import select


def in_org(model, org_id):
    """Every query on tenant data goes through here."""
    return select(model).where(model.org_id == org_id)
