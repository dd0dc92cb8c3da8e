"""The auth-config endpoints of :class:`~pulumi_composio.ComposioClient`.

Like a server's, an auth config's create has no idempotency key, so a create whose answer
is lost is resolved by looking its exact name up among the toolkit's configs before
anything is sent again (:meth:`AuthConfigsEndpoints.create_auth_config_idempotently`).
Composio's answers to ``PATCH`` are not documented, so updates return nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ..errors import AmbiguousCreateError, InvalidResponse
from ._create_once import NamedCreate, create_once
from ._requests import OutcomeUnknown, RequestSender, item_path
from ._retry import Safety
from .models import (
    AuthConfigList,
    AuthConfigStatus,
    ComposioAuthConfig,
    CreateAuthConfigRequest,
    CreatedAuthConfig,
    UpdateAuthConfigRequest,
)

__all__ = ["AuthConfigsEndpoints"]

_KIND = "auth config"
_PAGE_SIZE = 100


class AuthConfigsEndpoints:
    """``/auth_configs/...``: how each toolkit authenticates."""

    _requests: RequestSender

    def create_auth_config(self, request: CreateAuthConfigRequest) -> CreatedAuthConfig:
        """``POST /auth_configs``, sent at most once for sure; an unknown outcome raises
        :class:`AmbiguousCreateError` carrying the config's name."""
        name = request.auth_config.name or request.toolkit.slug
        try:
            return self._requests.create("/auth_configs", CreatedAuthConfig, request.to_body())
        except OutcomeUnknown as unknown:
            raise AmbiguousCreateError(name, unknown.cause, kind=_KIND) from unknown.cause
        except InvalidResponse as unreadable:
            raise AmbiguousCreateError(name, unreadable, kind=_KIND) from unreadable

    def create_auth_config_idempotently(
        self, request: CreateAuthConfigRequest, *, known_ids: Collection[str] | None = None
    ) -> CreatedAuthConfig | ComposioAuthConfig:
        """Create a named auth config exactly once: the create answer, or the config found
        after an ambiguous create.

        ``known_ids`` are the toolkit's configs carrying that name before the create (looked
        up when not given). After an ambiguous create, one new config of that name is ours;
        none means the create did not land and it is sent again; several raise
        :class:`DuplicateName`.
        """
        name = request.auth_config.name
        if not name:
            raise ValueError("an auth config needs a name to be created idempotently")
        slug = request.toolkit.slug
        known = (
            known_ids
            if known_ids is not None
            else [config.id for config in self.find_auth_configs_by_exact_name(name, slug)]
        )
        create = NamedCreate(
            name=name,
            kind=_KIND,
            send=lambda: self.create_auth_config(request),
            find_named=lambda: self.find_auth_configs_by_exact_name(name, slug),
            id_of=lambda config: config.id,
        )
        return create_once(create, known_ids=known, retry=self._requests.retry)

    def find_auth_configs_by_exact_name(
        self, name: str, toolkit: str | None = None
    ) -> list[ComposioAuthConfig]:
        """Auth configs (enabled or not, of ``toolkit`` if given) named exactly ``name``."""
        return [
            config
            for config in self.list_auth_configs(toolkit_slug=toolkit, search=name)
            if config.name == name
        ]

    def get_auth_config(self, auth_config_id: str) -> ComposioAuthConfig:
        """``GET /auth_configs/{id}``; a missing one raises :class:`~.errors.NotFound`."""
        return self._requests.call("GET", _path(auth_config_id), ComposioAuthConfig)

    def update_auth_config(self, auth_config_id: str, request: UpdateAuthConfigRequest) -> None:
        """``PATCH /auth_configs/{id}`` with only the fields set on ``request``."""
        self._requests.send(
            "PATCH", _path(auth_config_id), Safety.IDEMPOTENT, body=request.to_body()
        )

    def set_auth_config_status(self, auth_config_id: str, status: AuthConfigStatus) -> None:
        """``PATCH /auth_configs/{id}/{ENABLED|DISABLED}``."""
        self._requests.send("PATCH", f"{_path(auth_config_id)}/{status}", Safety.IDEMPOTENT)

    def delete_auth_config(self, auth_config_id: str) -> None:
        """``DELETE /auth_configs/{id}``; an absent one raises :class:`~.errors.NotFound`.

        After a retry, a 404 can also mean the first attempt did delete it.
        """
        self._requests.send("DELETE", _path(auth_config_id), Safety.IDEMPOTENT)

    def list_auth_configs(
        self,
        *,
        toolkit_slug: str | None = None,
        is_composio_managed: bool | None = None,
        search: str | None = None,
        show_disabled: bool = True,
        page_size: int = _PAGE_SIZE,
    ) -> Iterator[ComposioAuthConfig]:
        """``GET /auth_configs``, every page (cursor paging), lazily; disabled ones too
        unless ``show_disabled`` is false."""
        params: dict[str, str | int] = {"limit": page_size}
        if toolkit_slug:
            params["toolkit_slug"] = toolkit_slug
        if is_composio_managed is not None:
            params["is_composio_managed"] = str(is_composio_managed).lower()
        if search:
            params["search"] = search
        if show_disabled:
            params["show_disabled"] = "true"
        return self._requests.cursor_pages(
            "/auth_configs", AuthConfigList, params, lambda page: page.items
        )


def _path(auth_config_id: str) -> str:
    return item_path("/auth_configs", auth_config_id, "auth_config_id")
