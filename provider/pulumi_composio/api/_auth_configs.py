"""The auth-config endpoints of :class:`~pulumi_composio.ComposioClient`.

Like a server's, an auth config's create has no idempotency key, so a create whose answer
is lost is resolved by looking its exact name up among the toolkit's configs before
anything is sent again (:meth:`AuthConfigsEndpoints.create_auth_config_idempotently`).
Composio's answers to ``PATCH`` are not documented, so updates return nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._create import KnownIds, NamedCreate, NameLookup, create, create_once
from ._requests import EndpointGroup, item_path
from ._safety import Safety, endpoint
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


class AuthConfigsEndpoints(EndpointGroup):
    """``/auth_configs/...``: how each toolkit authenticates."""

    @endpoint(Safety.CREATE)
    def create_auth_config(self, request: CreateAuthConfigRequest) -> CreatedAuthConfig:
        """``POST /auth_configs``, sent at most once for sure; an unknown outcome raises
        :class:`~.errors.AmbiguousCreateError` carrying the config's name, a 409
        :class:`~.errors.AlreadyExists`."""
        return create(self._requests, _create_spec(request))

    @endpoint(Safety.READ, Safety.CREATE)
    def create_auth_config_idempotently(
        self, request: CreateAuthConfigRequest, *, known_ids: KnownIds | None = None
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
        lookup = NameLookup(
            find_named=lambda: self.find_auth_configs_by_exact_name(name, slug),
            id_of=lambda config: config.id,
        )
        return create_once(self._requests, _create_spec(request), lookup, known_ids=known_ids)

    @endpoint(Safety.READ)
    def find_auth_configs_by_exact_name(
        self, name: str, toolkit: str | None = None
    ) -> list[ComposioAuthConfig]:
        """Auth configs (enabled or not, of ``toolkit`` if given) named exactly ``name``."""
        return [
            config
            for config in self.list_auth_configs(toolkit_slug=toolkit, search=name)
            if config.name == name
        ]

    @endpoint(Safety.READ)
    def get_auth_config(self, auth_config_id: str) -> ComposioAuthConfig:
        """``GET /auth_configs/{id}``; a missing one raises :class:`~.errors.NotFound`."""
        return self._requests.request(
            "GET", _path(auth_config_id), safety=Safety.READ, model=ComposioAuthConfig
        )

    @endpoint(Safety.IDEMPOTENT)
    def update_auth_config(self, auth_config_id: str, request: UpdateAuthConfigRequest) -> None:
        """``PATCH /auth_configs/{id}`` with only the fields set on ``request``."""
        self._requests.request(
            "PATCH", _path(auth_config_id), safety=Safety.IDEMPOTENT, body=request.to_body()
        )

    @endpoint(Safety.IDEMPOTENT)
    def set_auth_config_status(self, auth_config_id: str, status: AuthConfigStatus) -> None:
        """``PATCH /auth_configs/{id}/{ENABLED|DISABLED}``."""
        self._requests.request(
            "PATCH", f"{_path(auth_config_id)}/{status}", safety=Safety.IDEMPOTENT
        )

    @endpoint(Safety.IDEMPOTENT)
    def delete_auth_config(self, auth_config_id: str) -> None:
        """``DELETE /auth_configs/{id}``; an absent one raises :class:`~.errors.NotFound`.

        After a retry, a 404 can also mean the first attempt did delete it.
        """
        self._requests.request("DELETE", _path(auth_config_id), safety=Safety.IDEMPOTENT)

    @endpoint(Safety.READ)
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
        params = _list_params(toolkit_slug, is_composio_managed, search, show_disabled, page_size)
        return self._requests.cursor_pages(
            "/auth_configs", AuthConfigList, params, lambda page: page.items
        )

    @endpoint(Safety.READ)
    def list_auth_configs_page(
        self,
        cursor: str | None = None,
        *,
        toolkit_slug: str | None = None,
        is_composio_managed: bool | None = None,
        search: str | None = None,
        show_disabled: bool = True,
        page_size: int = _PAGE_SIZE,
    ) -> AuthConfigList:
        """``GET /auth_configs``, one page: the first, or the one ``cursor`` (a page's
        ``next_cursor``) names, for a caller that pages itself; filters as
        :meth:`list_auth_configs`."""
        params = _list_params(toolkit_slug, is_composio_managed, search, show_disabled, page_size)
        if cursor:
            params["cursor"] = cursor
        return self._requests.request(
            "GET", "/auth_configs", safety=Safety.READ, model=AuthConfigList, params=params
        )


def _list_params(
    toolkit_slug: str | None,
    is_composio_managed: bool | None,
    search: str | None,
    show_disabled: bool,
    page_size: int,
) -> dict[str, str | int]:
    """The query of ``GET /auth_configs`` but for its cursor."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    params: dict[str, str | int] = {"limit": page_size}
    if toolkit_slug:
        params["toolkit_slug"] = toolkit_slug
    if is_composio_managed is not None:
        params["is_composio_managed"] = str(is_composio_managed).lower()
    if search:
        params["search"] = search
    if show_disabled:
        params["show_disabled"] = "true"
    return params


def _create_spec(request: CreateAuthConfigRequest) -> NamedCreate[CreatedAuthConfig]:
    return NamedCreate(
        kind=_KIND,
        name=request.auth_config.name or request.toolkit.slug,
        path="/auth_configs",
        model=CreatedAuthConfig,
        body=request.to_body(),
    )


def _path(auth_config_id: str) -> str:
    return item_path("/auth_configs", auth_config_id, "auth_config_id")
