from flask import Blueprint, request

bp = Blueprint("orders", __name__)

ORDERS = {}


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.get("/orders")
def list_orders():
    status = request.args.get("status")
    return {"orders": [o for o in ORDERS.values() if status in (None, o["status"])]}


@bp.post("/orders")
def create_order():
    order = {"id": len(ORDERS) + 1, "status": "open", **request.get_json()}
    ORDERS[order["id"]] = order
    return order, 201


@bp.route("/orders/<int:order_id>", methods=["GET", "PUT", "DELETE"])
def order(order_id):
    if request.method == "DELETE":
        ORDERS.pop(order_id, None)
        return "", 204
    if request.method == "PUT":
        ORDERS[order_id] = {**ORDERS.get(order_id, {}), **request.get_json()}
    return ORDERS.get(order_id, {})


@bp.get("/orders/<int:order_id>/items")
def list_order_items(order_id):
    return {"items": ORDERS.get(order_id, {}).get("items", [])}
