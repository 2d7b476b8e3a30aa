import os

import stripe
from flask import abort, current_app

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]


def construct_verified_event(payload, signature):
    """Returns the event only when its Stripe signature checks out."""
    return _verified(payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"])


def _verified(payload, signature, secret):
    try:
        return stripe.Webhook.construct_event(payload, signature, secret)
    except (ValueError, stripe.error.SignatureVerificationError):
        abort(400)


def handle_event(event):
    if event["type"] == "invoice.paid":
        current_app.logger.info("invoice %s paid", event["data"]["object"]["id"])
