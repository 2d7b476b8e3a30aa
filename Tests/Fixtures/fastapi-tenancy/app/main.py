from fastapi import FastAPI

from .routers import auth, projects

app = FastAPI(title="Tasks")
app.include_router(auth.router, prefix="/api")
app.include_router(projects.router, prefix="/api")
