from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from slowapi import Limiter
from slowapi.util import get_remote_address
from sqlmodel import select

from ..deps import SessionDep
from ..models import User

limiter = Limiter(key_func=get_remote_address)
router = APIRouter(prefix="/auth", tags=["auth"])


# ok: auth/login-not-rate-limited
@router.post("/token")
@limiter.limit("5/minute")
def issue_token(session: SessionDep, form: OAuth2PasswordRequestForm = Depends()):
    user = session.exec(select(User).where(User.email == form.username)).first()
    return {"user": user.id if user else None}


# expect: auth/login-not-rate-limited
@router.post("/register")
def register(session: SessionDep, form: OAuth2PasswordRequestForm = Depends()):
    return {"created": form.username}


# expect: auth/login-not-rate-limited
@router.post("/password/forgot-password")
def forgot(session: SessionDep, email: str):
    return {"sent": email}


# ok: auth/login-not-rate-limited
@router.get("/me/tokens")
def list_tokens(session: SessionDep):
    return []
