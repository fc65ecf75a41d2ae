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
    token_check_interval: float = Field(
        1.0,
        description="Seconds a valid token is remembered; a revoked token stops working "
        "within this (0 checks every request)",
    )
    db_pool_size: int = Field(10, description="PostgreSQL connection pool size per process")
    response_cache_mb: float = Field(
        32, description="MiB per process for cached read responses; 0 turns it off"
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
    max_depth: int = Field(12, description="Deepest selection nesting allowed")
    max_aliases: int = Field(30, description="Aliases per query")
    max_tokens: int = Field(5000, description="Tokens per query document")
    max_directives: int = Field(5, description="Directives per field")
    max_cost: int = Field(
        25_000, description="Most nodes a query may return, page sizes multiplied"
    )
    max_batch: int = Field(10, description="Operations per batched request")
    rate_limit_points: int = Field(
        100_000,
        description="Query-cost points a caller (token, or client address) may spend per "
        "window; 0 turns rate limiting off",
    )
    rate_limit_window: int = Field(60, description="Seconds of one rate-limit window")
    rate_limit_sync_interval: float = Field(
        1.0, description="Seconds between shares of rate-limit usage with other processes"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Proxies (addresses or CIDRs, JSON list) whose X-Forwarded-For names "
        "the client for rate limits",
    )
    max_body_bytes: int = Field(262_144, description="Largest request body accepted")
    execution_timeout: float = Field(10.0, description="Seconds before a request is cut off")
    introspection: bool | None = Field(
        None, description="Schema introspection; default on, off in production"
    )
    graphiql: bool | None = Field(None, description="GraphiQL page; default on, off in production")
    persisted_queries: int = Field(
        5000, ge=0, description="Automatic persisted queries kept per process (an LRU)"
    )
    http_cache_max_age: int = Field(
        60, ge=0, description="max-age of cacheable GET reads (shared content, no token)"
    )
    opentelemetry: bool = Field(
        False,
        description="FastAPI's OpenTelemetry spans, metrics and logs per request (needs an "
        "OpenTelemetry SDK configured in the process)",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS (JSON list), e.g. a study site"
    )

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def token_key(self) -> str:
        return self.secret_key or DEVELOPMENT_KEY


@lru_cache
def get_settings() -> Settings:
    return Settings()
