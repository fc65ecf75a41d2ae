"""Settings: the one place that reads environment variables (prefix ``PREPGRAPH_``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_KEY = "prepgraph-development-only-key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PREPGRAPH_", extra="ignore")

    database_url: str = Field(
        "sqlite+aiosqlite:///./prepgraph.db",
        description="SQLAlchemy URL; sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    env: Literal["development", "production"] = Field(
        "development", description="production hides GraphiQL and introspection, masks errors"
    )
    snapshot_check_interval: float = Field(
        1.0,
        description="Seconds between checks of the content version for a stale in-memory graph",
    )
    db_pool_size: int = Field(10, description="PostgreSQL connection pool size per process")
    response_cache_mb: float = Field(
        32, description="MiB per process for cached anonymous read responses; 0 turns it off"
    )
    log_level: str = Field("INFO", description="Python logging level")
    secret_key: str = Field(
        "",
        description="Key of the HMAC that stores API tokens; required in production "
        "(a fixed development key is used otherwise)",
    )
    require_token_for_reads: bool = Field(
        False, description="Refuse anonymous reads: every request needs a valid token"
    )

    @property
    def token_key(self) -> str:
        return self.secret_key or DEVELOPMENT_KEY


@lru_cache
def get_settings() -> Settings:
    return Settings()
