import stripe
from flask import Blueprint, current_app, jsonify, request

from ..extensions import db
from ..models import Workspace

bp = Blueprint("billing", __name__)


@bp.post("/webhook")
def stripe_webhook():
    payload = request.get_data()
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"]
        )
    except (ValueError, stripe.error.SignatureVerificationError):
        return jsonify(error="invalid signature"), 400

    if event["type"] == "customer.subscription.deleted":
        customer = event["data"]["object"]["customer"]
        workspace = Workspace.query.filter_by(stripe_customer_id=customer).first()
        if workspace is not None:
            workspace.name = workspace.name
            db.session.commit()
    return jsonify(received=True)
