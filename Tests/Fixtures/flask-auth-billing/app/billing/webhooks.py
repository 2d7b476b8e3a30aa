import json

import stripe
from flask import Blueprint, current_app, jsonify, request
from flask_jwt_extended import jwt_required

from .stripe_utils import construct_verified_event, handle_event

bp = Blueprint("billing", __name__, url_prefix="/api/billing")


# ok: billing/unverified-webhook
@bp.post("/stripe/webhook")
def stripe_webhook():
    event = construct_verified_event(request.get_data(), request.headers.get("Stripe-Signature", ""))
    handle_event(event)
    return jsonify(received=True)


# expect: billing/unverified-webhook
@bp.post("/stripe/webhook/legacy")
def legacy_stripe_webhook():
    event = request.get_json()
    handle_event(event)
    return jsonify(received=True)


# expect: billing/unverified-webhook
@bp.route("/connect/events", methods=["POST"])
def connect_webhook():
    payload = request.get_data()
    data = json.loads(payload)
    current_app.logger.info("connect event %s", data["id"])
    event = stripe.Webhook.construct_event(
        payload, request.headers.get("Stripe-Signature", ""), current_app.config["STRIPE_WEBHOOK_SECRET"]
    )
    handle_event(event)
    return jsonify(received=True)


# ok: billing/unverified-webhook
@bp.post("/stripe/webhook/refetch")
def refetch_webhook():
    event = stripe.Event.retrieve(request.get_json()["id"])
    handle_event(event)
    return jsonify(received=True)


@bp.post("/checkout")
@jwt_required()
def checkout():
    session = stripe.checkout.Session.create(mode="subscription", line_items=request.get_json()["items"])
    return jsonify(url=session.url)
