import stripe
from flask import Blueprint, jsonify, request
from flask_jwt_extended import create_access_token

# ok: auth/insecure-cookie
JWT_COOKIE_SECURE = False

fake = Blueprint("fake", __name__)


@fake.post("/login")
def fake_login():
    # ok: auth/token-in-response-body
    return jsonify(access_token=create_access_token(identity="1"))


# ok: billing/unverified-webhook
@fake.post("/stripe/webhook")
def fake_webhook():
    return jsonify(request.get_json())


def test_login_sets_cookie(client):
    # ok: auth/insecure-cookie
    client.set_cookie("access_token", create_access_token(identity="1"))
    response = client.post("/api/auth/login", json={"email": "a@example.com", "password": "pw"})
    assert response.status_code == 200
