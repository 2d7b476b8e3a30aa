"""Stripe client setup for the billing pages."""
from os import getenv as env_var

import stripe

# expect: config/hardcoded-secret
stripe.api_key = "sk_live_51HqLyjWDarjtT1zdp7dc"
# expect: config/hardcoded-secret
WEBHOOK_SECRET = env_var("STRIPE_WEBHOOK_SECRET", "whsec_local_1234")
# ok: config/hardcoded-secret
PRICE_LOOKUP = {"pro": "price_1Hh1XYZ", "team": "price_1Hh2XYZ"}


def customer_password_hint(user):
    # ok: config/hardcoded-secret
    password = "not-a-setting"
    return password[:2] + "..." if user else ""
