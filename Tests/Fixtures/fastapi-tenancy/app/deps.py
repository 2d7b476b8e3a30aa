from typing import Annotated

from fastapi import Depends, HTTPException
from sqlmodel import Session, select

from .db import get_session
from .models import User


def get_current_user(session: Session = Depends(get_session), token: str = "") -> User:
    user = session.exec(select(User).where(User.email == token_subject(token))).first()
    if user is None:
        raise HTTPException(status_code=401)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
SessionDep = Annotated[Session, Depends(get_session)]


def token_subject(token: str) -> str:
    return token
